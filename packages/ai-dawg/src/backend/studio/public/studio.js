// AI DAWG studio page: no build step. Streams 100 ms PCM chunks to the vocal coach, plots the
// pitch it answers with, and lists beat notifications from the project WebSocket.
// User text (project and beat names) is only ever written with textContent, never as HTML.
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('studio-config').textContent);
  var SAMPLE_RATE = 48000;
  var CHUNK = 4800; // 100 ms
  var points = [];
  window.__pitchPoints = points;
  window.__studio = { config: config, notifications: [] };

  var canvas = document.getElementById('pitch');
  var ctx = canvas.getContext('2d');
  var MIN_MIDI = 36, MAX_MIDI = 84; // C2..C6

  function midiOf(hz) { return 69 + 12 * Math.log2(hz / 440); }
  function draw() {
    ctx.fillStyle = '#1c1c1c';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = '#333';
    for (var m = MIN_MIDI; m <= MAX_MIDI; m += 12) {
      var gy = canvas.height - ((m - MIN_MIDI) / (MAX_MIDI - MIN_MIDI)) * canvas.height;
      ctx.beginPath(); ctx.moveTo(0, gy); ctx.lineTo(canvas.width, gy); ctx.stroke();
    }
    var visible = points.slice(-200);
    ctx.strokeStyle = '#4fc3f7';
    ctx.lineWidth = 2;
    ctx.beginPath();
    var started = false;
    visible.forEach(function (point, index) {
      if (!point.frequency) { started = false; return; }
      var x = (index / 200) * canvas.width;
      var y = canvas.height - ((midiOf(point.frequency) - MIN_MIDI) / (MAX_MIDI - MIN_MIDI)) * canvas.height;
      if (!started) { ctx.moveTo(x, y); started = true; } else { ctx.lineTo(x, y); }
    });
    ctx.stroke();
  }

  function setText(id, text) { document.getElementById(id).textContent = text; }

  function wsUrl(path) {
    var base = new URL(path, location.href);
    base.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return base.toString();
  }

  // Project feed: beat notifications.
  if (config.token) {
    fetch('/api/projects/' + config.projectId, { headers: { authorization: 'Bearer ' + config.token } })
      .then(function (response) { return response.json(); })
      .then(function (body) { if (body.project) setText('project-name', body.project.name); })
      .catch(function () { setText('project-name', '(unavailable)'); });
    var feed = new WebSocket(wsUrl('/ws/projects/' + config.projectId + '?token=' + encodeURIComponent(config.token)));
    feed.onopen = function () { setText('project-status', 'project feed: connected'); };
    feed.onclose = function () { setText('project-status', 'project feed: closed'); };
    feed.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (event.type === 'subscribed') { setText('project-status', 'project feed: subscribed'); window.__studio.subscribed = true; return; }
      if (event.type !== 'beat.ready' && event.type !== 'beat.failed') return;
      window.__studio.notifications.push(event);
      var item = document.createElement('li');
      item.dataset.jobId = event.jobId;
      item.textContent = event.type === 'beat.ready'
        ? 'Beat ready: ' + event.genre + ' at ' + event.bpm + ' BPM (' + event.url + ')'
        : 'Beat failed: ' + event.reason;
      document.getElementById('notifications').appendChild(item);
    };
  }

  // Vocal coach: frames are [u32 seq][u8 format 1=f32 2=i16][u8 channels][u16 reserved] + PCM LE.
  function frame(sequence, samples) {
    var buffer = new ArrayBuffer(8 + samples.length * 4);
    var view = new DataView(buffer);
    view.setUint32(0, sequence, true);
    view.setUint8(4, 1);
    view.setUint8(5, 1);
    new Float32Array(buffer, 8).set(samples);
    return buffer;
  }

  // A sung demo phrase (harmonics + vibrato + breath noise), for a page opened without a mic.
  function demoSource(notes, noteSeconds) {
    var phase = 0, n = 0, seed = 12345;
    function noise() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff * 2 - 1; }
    return function next() {
      var chunk = new Float32Array(CHUNK);
      for (var i = 0; i < CHUNK; i++, n++) {
        var t = n / SAMPLE_RATE;
        var note = notes[Math.min(notes.length - 1, Math.floor(t / noteSeconds))];
        var f = note * Math.pow(2, (20 * Math.sin(2 * Math.PI * 5.5 * t)) / 1200);
        phase += (2 * Math.PI * f) / SAMPLE_RATE;
        chunk[i] = 0.5 * Math.sin(phase) + 0.25 * Math.sin(2 * phase) + 0.12 * Math.sin(3 * phase) + 0.01 * noise();
      }
      return { chunk: chunk, done: n / SAMPLE_RATE >= notes.length * noteSeconds };
    };
  }

  function startCoach() {
    if (!config.coachUrl) return;
    var socket = new WebSocket(config.coachUrl);
    socket.binaryType = 'arraybuffer';
    var sequence = 0;
    socket.onopen = function () {
      setText('coach-status', 'vocal coach: streaming');
      if (config.source === 'demo') {
        var next = demoSource(config.notes, config.noteSeconds);
        var timer = setInterval(function () {
          var produced = next();
          socket.send(frame(sequence++, produced.chunk));
          if (produced.done) { clearInterval(timer); socket.send(JSON.stringify({ type: 'summary' })); }
        }, 100);
      } else if (navigator.mediaDevices) {
        navigator.mediaDevices.getUserMedia({ audio: { sampleRate: SAMPLE_RATE, echoCancellation: false } }).then(function (stream) {
          var audio = new AudioContext({ sampleRate: SAMPLE_RATE });
          var input = audio.createMediaStreamSource(stream);
          var processor = audio.createScriptProcessor(4096, 1, 1);
          var pending = new Float32Array(0);
          processor.onaudioprocess = function (event) {
            var data = event.inputBuffer.getChannelData(0);
            var merged = new Float32Array(pending.length + data.length);
            merged.set(pending); merged.set(data, pending.length);
            while (merged.length >= CHUNK) { socket.send(frame(sequence++, merged.slice(0, CHUNK))); merged = merged.slice(CHUNK); }
            pending = merged;
          };
          input.connect(processor); processor.connect(audio.destination);
        });
      }
    };
    socket.onmessage = function (message) {
      var data = JSON.parse(message.data);
      if (data.type === 'pitch') {
        points.push({ sequence: data.sequence, frequency: data.frequency, note: data.note, cents: data.cents, receivedAt: performance.now() });
        setText('pitch-readout', data.frequency ? data.note + ' ' + (data.cents > 0 ? '+' : '') + data.cents.toFixed(1) + ' cents' : '—');
        draw();
      } else if (data.type === 'summary') {
        window.__studio.summary = data;
        setText('coach-status', 'vocal coach: ' + data.meanAbsCents.toFixed(1) + ' cents mean, ' + data.withinToleranceRatio * 100 + '% within ±15');
      }
    };
    socket.onclose = function () { setText('coach-status', 'vocal coach: closed'); };
  }
  draw();
  startCoach();
})();
