"""A stand-in for the browser's speech synthesis, for tests of "Listen" (read-aloud.js).

Headless Chromium has no voices, and a test cannot hear. `stub_speech(context, voices, late)`
replaces window.speechSynthesis and SpeechSynthesisUtterance in every page of a browser
context before the page's scripts run:

* getVoices() returns a voice for each language tag in `voices`; with `late`, none until the
  test calls window.ccVoicesArrive(), which fires voiceschanged, as Chromium does when it has
  loaded its voices after the page;
* speak() records each utterance in window.ccSpoken as {text, lang, rate, voice} and ends it;
* HTMLMediaElement.play() records the address it would play in window.ccPlayed.
"""

from __future__ import annotations

import json

SPEECH_STUB = """
(() => {
  const config = window.ccSpeech || {voices: [], late: false};
  const spoken = [];
  const target = new EventTarget();
  let known = !config.late;
  window.ccSpoken = spoken;
  window.ccVoicesArrive = () => { known = true; target.dispatchEvent(new Event('voiceschanged')); };
  class Utterance {
    constructor(text) { this.text = text; this.lang = ''; this.rate = 1; this.voice = null; this.onend = null; }
  }
  const synth = {
    speaking: false, pending: false, paused: false,
    getVoices() {
      return known ? config.voices.map(lang => ({lang, name: lang, voiceURI: lang, localService: true})) : [];
    },
    speak(u) {
      spoken.push({text: u.text, lang: u.lang, rate: u.rate, voice: u.voice && u.voice.lang});
      if (u.onend) Promise.resolve().then(() => u.onend({}));
    },
    cancel() {},
    addEventListener: (...a) => target.addEventListener(...a),
    removeEventListener: (...a) => target.removeEventListener(...a),
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
  window.ccPlayed = [];
  HTMLMediaElement.prototype.play = function () { window.ccPlayed.push(this.src); return Promise.resolve(); };
})();
"""


def stub_speech(context, voices=("en-US", "th-TH", "zh-CN"), late: bool = False) -> None:
    context.add_init_script(script=f"window.ccSpeech = {json.dumps({'voices': list(voices), 'late': late})};")
    context.add_init_script(script=SPEECH_STUB)
