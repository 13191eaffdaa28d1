"""A generated network of learning cities, written as editors write them (city.yml, sites.yml, routes.yml).

Texts are sentences composed from real Thai, Chinese and English words: the same picks
rendered in each language, so a site reads as a translation and Thai has no spaces
between words. Sites lie on a spiral within the city's radius (unique points); each
route has 3-8 stops and at most 4 km of walking (straight legs × the detour factor).
Everything is drawn from one seeded `random.Random`: the same arguments write the same files.
"""

from __future__ import annotations

import itertools
import math
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
DETOUR_FACTOR = 1.3
ROUTE_LIMIT_M = 4_000
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)

# --- words: (en, th, zh), each a real word or set phrase -------------------------------------

PLACES = [
    ("temple", "วัด", "寺庙"),
    ("market", "ตลาด", "市场"),
    ("bridge", "สะพาน", "桥"),
    ("river", "แม่น้ำ", "河"),
    ("garden", "สวน", "花园"),
    ("shrine", "ศาลเจ้า", "祠堂"),
    ("gate", "ประตูเมือง", "城门"),
    ("tower", "หอคอย", "塔楼"),
    ("courtyard", "ลานบ้าน", "庭院"),
    ("teahouse", "ร้านน้ำชา", "茶馆"),
    ("bakery", "ร้านขนม", "糕点铺"),
    ("pagoda", "เจดีย์", "宝塔"),
    ("canal", "คลอง", "运河"),
    ("school", "โรงเรียน", "学校"),
    ("library", "ห้องสมุด", "图书馆"),
    ("museum", "พิพิธภัณฑ์", "博物馆"),
    ("alley", "ซอย", "小巷"),
    ("harbour", "ท่าเรือ", "码头"),
    ("city wall", "กำแพงเมือง", "城墙"),
    ("workshop", "โรงงานหัตถกรรม", "作坊"),
    ("noodle shop", "ร้านก๋วยเตี๋ยว", "面馆"),
    ("night market", "ตลาดกลางคืน", "夜市"),
    ("old house", "บ้านเก่า", "老宅"),
    ("square", "ลานกว้าง", "广场"),
]
THINGS = [
    ("lantern", "โคม", "灯笼"),
    ("silk", "ผ้าไหม", "丝绸"),
    ("loom", "กี่ทอผ้า", "织布机"),
    ("drum", "กลอง", "鼓"),
    ("bell", "ระฆัง", "钟"),
    ("mural", "จิตรกรรมฝาผนัง", "壁画"),
    ("carving", "งานแกะสลัก", "雕刻"),
    ("dumpling", "ขนมจีบ", "饺子"),
    ("rice cake", "ขนมข้าว", "年糕"),
    ("curry", "แกง", "咖喱"),
    ("tea", "ชา", "茶"),
    ("longan", "ลำไย", "龙眼"),
    ("pottery", "เครื่องปั้นดินเผา", "陶器"),
    ("umbrella", "ร่ม", "伞"),
    ("boat", "เรือ", "船"),
    ("kite", "ว่าว", "风筝"),
    ("statue", "รูปปั้น", "雕像"),
    ("inscription", "ศิลาจารึก", "碑文"),
    ("garland", "พวงมาลัย", "花环"),
    ("noodles", "ก๋วยเตี๋ยว", "面条"),
]
ADJECTIVES = [
    ("old", "เก่าแก่", "古老"),
    ("golden", "สีทอง", "金色"),
    ("quiet", "เงียบสงบ", "安静"),
    ("busy", "คึกคัก", "热闹"),
    ("narrow", "แคบ", "狭窄"),
    ("shady", "ร่มรื่น", "阴凉"),
    ("famous", "มีชื่อเสียง", "著名"),
    ("small", "เล็ก", "小小"),
    ("wooden", "ไม้", "木制"),
    ("painted", "ทาสี", "彩绘"),
    ("sweet", "หวาน", "甜"),
    ("beautiful", "สวยงาม", "美丽"),
    ("ancient", "โบราณ", "古代"),
    ("bright", "สดใส", "明亮"),
]
PEOPLE = [
    ("grandparents", "ปู่ย่าตายาย", "爷爷奶奶"),
    ("children", "เด็ก ๆ", "孩子们"),
    ("monks", "พระสงฆ์", "僧人"),
    ("vendors", "แม่ค้า", "摊贩"),
    ("weavers", "ช่างทอผ้า", "织工"),
    ("potters", "ช่างปั้น", "陶工"),
    ("students", "นักเรียน", "学生"),
    ("neighbours", "เพื่อนบ้าน", "邻居"),
    ("families", "ครอบครัว", "家庭"),
    ("elders", "ผู้สูงอายุ", "老人"),
]
TIMES = [
    ("every morning", "ทุกเช้า", "每天早上"),
    ("at dusk", "ตอนพลบค่ำ", "傍晚"),
    ("on Sundays", "ทุกวันอาทิตย์", "每逢星期日"),
    ("in the rainy season", "ในฤดูฝน", "在雨季"),
    ("at the new year", "ช่วงปีใหม่", "过年时"),
    ("on full-moon days", "ในวันพระจันทร์เต็มดวง", "每逢满月"),
]
SYLLABLES = [  # city names: (en, th, zh)
    ("Chiang", "เชียง", "清"),
    ("Wiang", "เวียง", "旺"),
    ("Ban", "บ้าน", "班"),
    ("Nakhon", "นคร", "那空"),
    ("Mae", "แม่", "湄"),
    ("Nong", "หนอง", "侬"),
    ("Huai", "ห้วย", "淮"),
    ("Doi", "ดอย", "岱"),
]
ENDINGS = [
    ("Thong", "ทอง", "通"),
    ("Kaeo", "แก้ว", "乔"),
    ("Mai", "ใหม่", "迈"),
    ("Kham", "คำ", "康"),
    ("Luang", "หลวง", "銮"),
    ("Sai", "ทราย", "赛"),
    ("Ngam", "งาม", "安"),
    ("Pho", "โพธิ์", "坡"),
    ("Phan", "พาน", "潘"),
    ("Lom", "ลม", "隆"),
]
COUNTRIES = [  # (country, timezone, city languages, latitude range, longitude range)
    ("TH", "Asia/Bangkok", ["th", "en"], (7.0, 19.5), (98.5, 104.5)),
    ("CN", "Asia/Shanghai", ["zh", "en"], (23.0, 39.0), (102.0, 120.0)),
    ("GB", "Europe/London", ["en"], (50.5, 57.5), (-4.5, 0.5)),
    ("MY", "Asia/Kuala_Lumpur", ["en", "zh", "th"], (2.0, 6.0), (100.5, 103.5)),
]
LANGS = ("en", "th", "zh")


def _say(en: str, th: str, zh: str) -> dict[str, str]:
    return {"en": en, "th": th, "zh": zh}


def _pick(rng: random.Random, words: list[tuple[str, str, str]]) -> dict[str, str]:
    return dict(zip(LANGS, rng.choice(words)))


def sentence(rng: random.Random) -> dict[str, str]:
    """One sentence in three languages, from one set of picks."""
    p, t, a, who, when = (
        _pick(rng, PLACES),
        _pick(rng, THINGS),
        _pick(rng, ADJECTIVES),
        _pick(rng, PEOPLE),
        _pick(rng, TIMES),
    )
    form = rng.randrange(5)
    if form == 0:
        return {
            "en": f"The {a['en']} {t['en']} by the {p['en']} is loved by {who['en']}.",
            "th": f"{t['th']}{a['th']}ริม{p['th']}เป็นที่รักของ{who['th']}",
            "zh": f"{p['zh']}旁边{a['zh']}的{t['zh']}深受{who['zh']}喜爱。",
        }
    if form == 1:
        return {
            "en": f"{who['en'].capitalize()} gather at the {p['en']} {when['en']} to share {t['en']}.",
            "th": f"{who['th']}มารวมกันที่{p['th']}{when['th']}เพื่อแบ่งปัน{t['th']}",
            "zh": f"{who['zh']}{when['zh']}聚在{p['zh']}，一起分享{t['zh']}。",
        }
    if form == 2:
        return {
            "en": f"Look for the {a['en']} {t['en']} hidden near the {p['en']}.",
            "th": f"ลองมองหา{t['th']}{a['th']}ที่ซ่อนอยู่ใกล้{p['th']}",
            "zh": f"找一找藏在{p['zh']}附近的{a['zh']}{t['zh']}。",
        }
    if form == 3:
        return {
            "en": f"Long ago the {p['en']} was famous for its {t['en']}, and {who['en']} still tell its story.",
            "th": f"เมื่อก่อน{p['th']}มีชื่อเสียงเรื่อง{t['th']} และ{who['th']}ยังเล่าเรื่องนี้อยู่",
            "zh": f"很久以前，{p['zh']}以{t['zh']}闻名，{who['zh']}至今还讲着它的故事。",
        }
    return {
        "en": f"{when['en'].capitalize()} the {a['en']} {p['en']} fills with the smell of {t['en']}.",
        "th": f"{when['th']}{p['th']}{a['th']}จะอบอวลไปด้วยกลิ่น{t['th']}",
        "zh": f"{when['zh']}，{a['zh']}的{p['zh']}飘满{t['zh']}的香味。",
    }


def paragraph(rng: random.Random, count: int) -> dict[str, str]:
    parts = [sentence(rng) for _ in range(count)]
    return {
        "en": " ".join(s["en"] for s in parts),
        "th": " ".join(s["th"] for s in parts),
        "zh": "".join(s["zh"] for s in parts),
    }


def question(rng: random.Random) -> dict[str, str]:
    p, who = _pick(rng, PLACES), _pick(rng, PEOPLE)
    return {
        "en": f"What did the {p['en']} look like when our {who['en']} were young?",
        "th": f"ตอนที่{who['th']}ยังเด็ก {p['th']}หน้าตาเป็นอย่างไร",
        "zh": f"{who['zh']}小时候，{p['zh']}是什么样子的？",
    }


def only(text: dict[str, str], languages: list[str]) -> dict[str, str]:
    return {lang: text[lang] for lang in languages}


# --- places ------------------------------------------------------------------------------


def around(center: tuple[float, float], index: int, count: int, km: float) -> tuple[float, float]:
    """Points on a golden-angle spiral within `km` of the centre: no two meet."""
    angle = index * 2.399963
    radius = km * math.sqrt((index + 1) / (count + 1))
    lat = center[0] + radius / 111.0 * math.cos(angle)
    lon = center[1] + radius / (111.0 * math.cos(math.radians(center[0]))) * math.sin(angle)
    return round(lat, 6), round(lon, 6)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    phi1, phi2 = math.radians(a[0]), math.radians(b[0])
    dphi, dlambda = phi2 - phi1, math.radians(b[1] - a[1])
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(h)))


def walk_m(points: list[tuple[float, float]]) -> float:
    return DETOUR_FACTOR * sum(distance_m(a, b) for a, b in itertools.pairwise(points))


CATEGORIES = ("heritage", "food", "tradition")
THEMES = ("heritage", "food", "tradition", "mixed", "mixed", "mixed", "mixed", "mixed")


def make_site(rng: random.Random, index: int, point: tuple[float, float], languages: list[str]) -> dict[str, Any]:
    category = CATEGORIES[index % 3]
    place, adjective = _pick(rng, PLACES), _pick(rng, ADJECTIVES)
    name = {
        "en": f"{adjective['en'].capitalize()} {place['en']} no. {index + 1}",
        "th": f"{place['th']}{adjective['th']} หมายเลข {index + 1}",
        "zh": f"第{index + 1}号{adjective['zh']}{place['zh']}",
    }
    story = paragraph(rng, rng.randint(3, 5))
    second = paragraph(rng, rng.randint(2, 4))
    site: dict[str, Any] = {
        "id": f"{category}-{index + 1:03d}",
        "name": only(name, languages),
        "category": category,
        "lat": point[0],
        "lon": point[1],
        "summary": only(sentence(rng), languages),
        "story": {lang: f"{story[lang]}\n\n**{place[lang]}** {second[lang]}" for lang in languages},
        "learn": {
            "look": only(sentence(rng), languages),
            "ask": only(question(rng), languages),
            "try": only(sentence(rng), languages),
        },
        "good_for": rng.sample(["children", "families", "elders"], rng.randint(1, 3)),
        "access": {
            "step_free": rng.random() < 0.6,
            "seating": rng.random() < 0.7,
            "toilets": rng.random() < 0.4,
            "shade": rng.random() < 0.5,
        },
        "hours": only({"en": "Daily 07:00-18:00", "th": "ทุกวัน 07:00-18:00 น.", "zh": "每天 07:00-18:00"}, languages),
        "opening_hours": "Mo-Su 07:00-18:00",
        "sources": [
            {
                "url": f"https://example.org/sources/{category}-{index + 1:03d}",
                "supports": only(_say("hours and entry", "เวลาเปิดและค่าเข้า", "开放时间和门票"), languages),
                "checked": "2026-12-02",
            }
        ],
    }
    if category == "heritage":  # some are temples: the checker asks for their etiquette
        site["etiquette"] = only(
            _say("Cover shoulders and knees; shoes off inside.", "แต่งกายสุภาพ ถอดรองเท้าก่อนเข้า", "衣着得体，入内脱鞋。"),
            languages,
        )
    if rng.random() < 0.5:
        site["free"] = True
    else:
        site["price"] = only({"en": "About 40 baht", "th": "ประมาณ 40 บาท", "zh": "约 40 泰铢"}, languages)
    if category == "tradition":
        day = 1 + index % 28
        site["events"] = [
            {
                "name": only(_say("Lantern festival", "เทศกาลโคมไฟ", "灯笼节"), languages),
                "when": only(_say("Every November", "ทุกเดือนพฤศจิกายน", "每年十一月"), languages),
                "dates": [f"2027-11-{day:02d}"],
            }
        ]
    if index % 10 == 0:
        site["images"] = [
            {
                "file": "images/pixel.png",
                "alt": only(_say("A drawing of the place", "ภาพวาดสถานที่", "这个地方的图画"), languages),
                "credit": "Drawing: bench",
                "license": "CC-BY-SA-4.0",
            }
        ]
    if index % 4 == 0:
        site["links"] = [
            {
                "url": f"https://en.wikipedia.org/wiki/{place['en'].replace(' ', '_')}",
                "title": only(_say("Wikipedia", "วิกิพีเดีย", "维基百科"), languages),
            }
        ]
    return site


def make_routes(
    rng: random.Random, sites: list[dict[str, Any]], count: int, languages: list[str]
) -> list[dict[str, Any]]:
    """`count` routes of 3-8 nearby stops in nearest-neighbour order, each at most 4 km."""
    points = {s["id"]: (s["lat"], s["lon"]) for s in sites}
    routes = []
    for number in range(count):
        start = rng.choice(sites)["id"]
        size = rng.randint(3, 8)
        near = sorted(points, key=lambda i: (distance_m(points[start], points[i]), i))[: size * 2]
        order, left = [start], [i for i in near if i != start]
        while left and len(order) < size:
            nxt = min(left, key=lambda i: (distance_m(points[order[-1]], points[i]), i))
            order.append(nxt)
            left.remove(nxt)
        while walk_m([points[i] for i in order]) > ROUTE_LIMIT_M and len(order) > 3:
            order.pop()
        assert 3 <= len(order) <= 8 and walk_m([points[i] for i in order]) <= ROUTE_LIMIT_M, order
        thing, adjective = _pick(rng, THINGS), _pick(rng, ADJECTIVES)
        title = {
            "en": f"The {adjective['en']} {thing['en']} walk",
            "th": f"เดินตามรอย{thing['th']}{adjective['th']}",
            "zh": f"{adjective['zh']}{thing['zh']}步行路线",
        }
        routes.append(
            {
                "id": f"walk-{number + 1}",
                "title": only(title, languages),
                "theme": THEMES[number % len(THEMES)],
                "stops": order,
                "summary": only(paragraph(rng, 2), languages),
            }
        )
    return routes


@dataclass(frozen=True)
class Shape:
    cities: int
    sites: int = 50
    routes: int = 5

    @property
    def label(self) -> str:
        return f"{self.cities} cities × {self.sites} sites × {self.routes} routes"


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def write_city(folder: Path, number: int, shape: Shape, seed: int = 0) -> None:
    rng = random.Random(seed * 1_000_003 + number)
    country, timezone, languages, lats, lons = COUNTRIES[number % len(COUNTRIES)]
    center = (round(rng.uniform(*lats), 5), round(rng.uniform(*lons), 5))
    first, end = SYLLABLES[number % len(SYLLABLES)], ENDINGS[(number // len(SYLLABLES)) % len(ENDINGS)]
    suffix = number // (len(SYLLABLES) * len(ENDINGS))
    number_part = f" {suffix + 1}" if suffix else ""
    name = {
        "en": f"{first[0]} {end[0]}{number_part}",
        "th": f"{first[1]}{end[1]}{number_part}",
        "zh": f"{first[2]}{end[2]}城{number_part.strip()}",
    }
    sites = [make_site(rng, i, around(center, i, shape.sites, 1.5), languages) for i in range(shape.sites)]
    folder.mkdir(parents=True, exist_ok=True)
    city = {
        "name": only(name, languages),
        "country": country,
        "languages": languages,
        "center": {"lat": center[0], "lon": center[1]},
        "radius_km": 3,
        "timezone": timezone,
        "summary": only(sentence(rng), languages),
        "intro": {
            lang: f"{a[lang]}\n\n{b[lang]}" for lang in languages for a, b in [(paragraph(rng, 4), paragraph(rng, 3))]
        },
    }
    _dump(folder / "city.yml", city)
    _dump(folder / "sites.yml", {"sites": sites})
    if shape.routes:
        _dump(folder / "routes.yml", {"routes": make_routes(rng, sites, shape.routes, languages)})
    if any(s.get("images") for s in sites):
        (folder / "images").mkdir(exist_ok=True)
        (folder / "images" / "pixel.png").write_bytes(PIXEL_PNG)


def write_network(cities_dir: Path, shape: Shape, seed: int = 0) -> Path:
    """`shape.cities` cities in `cities_dir` (created), named city-001, city-002, ..."""
    cities_dir.mkdir(parents=True, exist_ok=True)
    for number in range(shape.cities):
        write_city(cities_dir / f"city-{number + 1:03d}", number, shape, seed)
    return cities_dir


def make_project(root: Path, cities: Path | None = None, languages: list[str] | None = None) -> Path:
    """The repository's site set-up (mkdocs.yml, overrides, content) over `cities` (default: the seed cities)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")  # the site's own (the plugin brings its theme)
    shutil.copytree(
        REPO / "content",
        root / "content",
        ignore=lambda folder, names: [
            n
            for n in names
            if languages and Path(folder) == REPO / "content" and (REPO / "content" / n).is_dir() and n not in languages
        ],
    )
    if cities is None:
        shutil.copytree(REPO / "cities", root / "cities")
    elif cities != root / "cities":
        shutil.copytree(cities, root / "cities")
    if languages:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        line = "      languages: [en, th, zh]"
        assert line in text, "mkdocs.yml no longer lists the plugin's languages where expected"
        (root / "mkdocs.yml").write_text(
            text.replace(line, f"      languages: [{', '.join(languages)}]"), encoding="utf-8"
        )
    return root
