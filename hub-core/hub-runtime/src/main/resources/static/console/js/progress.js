// The campaign page's live progress: asks the console (same origin, the page's session) for the campaign's progress
// every few seconds and puts the numbers in place. Text only (textContent), never markup. Without this script the
// page shows the numbers as of its loading. Stops when the session has ended (the answer is not JSON).
(function () {
  'use strict';
  var section = document.getElementById('progress');
  if (!section) {
    return;
  }
  var url = section.getAttribute('data-url');
  var interval = Math.max(1000, parseInt(section.getAttribute('data-interval'), 10) || 3000);
  var timer = null;

  function show(progress) {
    var figures = section.querySelectorAll('[data-figure]');
    for (var i = 0; i < figures.length; i++) {
      var key = figures[i].getAttribute('data-figure');
      var value = progress[key];
      figures[i].textContent = value === null || value === undefined ? '—' : String(value);
    }
    var computing = document.getElementById('progress-computing');
    if (computing) {
      computing.parentNode.removeChild(computing);
    }
    var rows = document.getElementById('exclusion-rows');
    while (rows.firstChild) {
      rows.removeChild(rows.firstChild);
    }
    var codes = Object.keys(progress.excludedByCode || {}).sort();
    for (var j = 0; j < codes.length; j++) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-code', codes[j]);
      var code = document.createElement('td');
      code.textContent = codes[j];
      var count = document.createElement('td');
      count.className = 'num';
      count.textContent = String(progress.excludedByCode[codes[j]]);
      tr.appendChild(code);
      tr.appendChild(count);
      rows.appendChild(tr);
    }
  }

  function poll() {
    fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}, redirect: 'manual'})
      .then(function (answer) {
        var type = answer.headers.get('Content-Type') || '';
        if (!answer.ok || type.indexOf('application/json') !== 0) {
          throw new Error('stopped');
        }
        return answer.json();
      })
      .then(function (body) {
        if (body.progress) {
          show(body.progress);
        }
        timer = window.setTimeout(poll, interval);
      })
      .catch(function () {
        // the session ended or the hub is away: the page keeps the last numbers; a reload shows the sign-in
        section.setAttribute('data-stopped', 'true');
      });
  }

  timer = window.setTimeout(poll, interval);
})();
