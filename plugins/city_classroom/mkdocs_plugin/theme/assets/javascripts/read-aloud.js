/* City as Classroom: "Listen", read aloud (site pages, and each stop in walk mode).
 *
 * A .cc-listen control speaks a site's name, summary and look/ask/try prompts with the
 * browser's speech synthesis, each piece in the language of its words (th-TH, zh-CN, en),
 * or plays the site's recorded story in the page's language instead, where an editor gave one.
 * - "Read slowly" speaks at RATE_SLOW instead of 1; the choice is remembered on the device.
 * - The voices are those the device has: speechSynthesis.getVoices(), which some browsers
 *   fill only later (the voiceschanged event: waited for, not timed). Where there is no voice
 *   for the page's language, the control says so ("No Thai voice on this device") and speaks
 *   nothing, rather than read Thai words with an English voice; a text shown in another
 *   language (a fallback) is read in its own language's voice, or left out and said so.
 *
 * Site pages: data-listen holds the pieces and words (rendering/walk_mode.py). Walk mode
 * (walk-mode.js) drives a control of its own through cityClassroom.readAloud.attach.
 * On a site page city-classroom.js shows the control and fetches this file at the reader's first
 * tap on it, then hands the tap on; at once where "Read slowly" was chosen (RATE_KEY).
 * Without JavaScript the control stays hidden; the recording's own player still works.
 */
(function () {
  "use strict";

  var RATE_SLOW = 0.75;
  var RATE_KEY = "cc-listen-rate";

  function storedRate() {
    try {
      return window.localStorage.getItem(RATE_KEY) === String(RATE_SLOW) ? RATE_SLOW : 1;
    } catch (error) {
      return 1;
    }
  }

  function storeRate(rate) {
    try {
      window.localStorage.setItem(RATE_KEY, String(rate));
    } catch (error) { /* private browsing: not remembered */ }
  }

  function tag(lang) { return String(lang || "").toLowerCase().replace(/_/g, "-"); }

  /* The device's voice for a language: the same tag first (th-th), else the same language (th). */
  function voiceFor(lang) {
    var want = tag(lang), primary = want.split("-")[0], close = null;
    var voices = window.speechSynthesis.getVoices() || [];
    for (var i = 0; i < voices.length; i += 1) {
      var have = tag(voices[i].lang);
      if (have === want) return voices[i];
      if (!close && have.split("-")[0] === primary) close = voices[i];
    }
    return close;
  }

  /* Call `ready` once the device has said which voices it has (now, or at its voiceschanged). */
  function whenVoicesKnown(ready) {
    var synth = window.speechSynthesis;
    if ((synth.getVoices() || []).length) {
      ready();
      return;
    }
    var once = function () {
      synth.removeEventListener("voiceschanged", once);
      ready();
    };
    synth.addEventListener("voiceschanged", once);
  }

  var speaking = null; // the control reading now: one at a time on a page

  /* Set up one .cc-listen control. `what()` gives {lang, pieces, recording (an <audio> or null)}
   * at the moment the reader presses Listen. Returns {stop()}. */
  function attach(box, labels, what) {
    var play = box.querySelector(".cc-listen-play");
    var stopButton = box.querySelector(".cc-listen-stop");
    var slow = box.querySelector(".cc-listen-slow input");
    var status = box.querySelector(".cc-listen-status");
    var canSpeak = "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function";
    var recording = null;

    function done() {
      stopButton.hidden = true;
      box.removeAttribute("data-state");
      if (speaking === control) speaking = null;
    }

    function stop() {
      if (recording) recording.pause();
      if (canSpeak && speaking === control) window.speechSynthesis.cancel();
      status.textContent = "";
      done();
    }

    function noVoice(lang) {
      status.textContent = labels.listen_no_voice[lang] || labels.listen_no_voice[Object.keys(labels.listen_no_voice)[0]];
      box.setAttribute("data-state", "no-voice");
    }

    function say(pieces, lang) {
      if (!voiceFor(lang)) { noVoice(lang); return; }
      var rate = slow.checked ? RATE_SLOW : 1;
      var spoken = pieces.filter(function (piece) { return voiceFor(piece.lang); });
      var missing = pieces.filter(function (piece) { return !voiceFor(piece.lang); });
      if (!spoken.length) { noVoice(missing[0].lang); return; }
      window.speechSynthesis.cancel();
      speaking = control;
      // a text shown in another language (a fallback) without a voice here is left out, and said so
      status.textContent = labels.listen_reading +
        (missing.length ? " " + (labels.listen_no_voice[missing[0].lang] || "") : "");
      box.setAttribute("data-state", "reading");
      stopButton.hidden = false;
      spoken.forEach(function (piece, index) {
        var utterance = new window.SpeechSynthesisUtterance(piece.text);
        utterance.lang = piece.lang;
        utterance.voice = voiceFor(piece.lang);
        utterance.rate = rate;
        if (index === spoken.length - 1) {
          utterance.onend = function () {
            if (speaking !== control) return;
            status.textContent = missing.length ? labels.listen_no_voice[missing[0].lang] || "" : "";
            done();
          };
        }
        window.speechSynthesis.speak(utterance);
      });
    }

    function listen() {
      if (speaking && speaking !== control) speaking.stop();
      var now = what();
      recording = now.recording || null;
      if (recording) {
        if (canSpeak) window.speechSynthesis.cancel();
        speaking = control;
        recording.playbackRate = slow.checked ? RATE_SLOW : 1;
        status.textContent = labels.listen_playing;
        box.setAttribute("data-state", "playing");
        stopButton.hidden = false;
        recording.onended = function () { status.textContent = ""; done(); };
        var started = recording.play();
        if (started && started.catch) started.catch(function () { status.textContent = ""; done(); });
        return;
      }
      if (!canSpeak) {
        status.textContent = labels.listen_unsupported;
        box.setAttribute("data-state", "unsupported");
        return;
      }
      status.textContent = labels.listen_waiting;
      box.setAttribute("data-state", "waiting");
      whenVoicesKnown(function () { say(now.pieces, now.lang); });
    }

    var control = { stop: stop, box: box };
    slow.checked = storedRate() === RATE_SLOW;
    slow.addEventListener("change", function () {
      storeRate(slow.checked ? RATE_SLOW : 1);
      if (recording && !recording.paused) recording.playbackRate = slow.checked ? RATE_SLOW : 1;
    });
    play.addEventListener("click", listen);
    stopButton.addEventListener("click", stop);
    box.hidden = false;
    return control;
  }

  /* Stop reading when the control is no longer on the page (Material's instant navigation). */
  function stopIfGone() {
    if (speaking && !document.body.contains(speaking.box)) speaking.stop();
  }
  window.addEventListener("pagehide", function () { if (speaking) speaking.stop(); });

  window.cityClassroom.readAloud = { attach: attach, RATE_SLOW: RATE_SLOW };

  cityClassroom.onEachPage(function () {
    stopIfGone();
    cityClassroom.setUpEach(".cc-listen[data-listen]", "data-listen", function (box, data) {
      attach(box, data.labels, function () {
        return {
          lang: data.lang,
          pieces: data.pieces,
          recording: data.recording ? document.getElementById(data.recording) : null
        };
      });
    });
  });
})();
