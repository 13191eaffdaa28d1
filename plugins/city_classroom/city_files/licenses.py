"""SPDX identifiers accepted for images (https://spdx.org/licenses/).

A short list of the licences that photos and drawings are usually published
under; `LicenseRef-...` is accepted too, for anything else.
"""

SPDX_LICENSES = frozenset(
    {
        "CC0-1.0",
        "CC-PDDC",
        "PDDL-1.0",
        "CC-BY-1.0",
        "CC-BY-2.0",
        "CC-BY-2.5",
        "CC-BY-3.0",
        "CC-BY-4.0",
        "CC-BY-SA-1.0",
        "CC-BY-SA-2.0",
        "CC-BY-SA-2.5",
        "CC-BY-SA-3.0",
        "CC-BY-SA-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-NC-SA-4.0",
        "CC-BY-ND-4.0",
        "CC-BY-NC-ND-4.0",
        "CC-BY-3.0-IGO",
        "CC-BY-SA-3.0-IGO",
        "MIT",
        "Apache-2.0",
        "GFDL-1.3-or-later",
        "OGL-UK-3.0",
        "ODbL-1.0",
    }
)
