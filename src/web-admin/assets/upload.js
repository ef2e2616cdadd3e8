// Upload page: the lesson fields only for lesson plans; a resubmission keeps its plan's kind.
(function () {
  var kind = document.getElementById('kind');
  var lesson = document.getElementById('lesson');
  var resubmit = document.getElementById('resubmit');
  if (!kind || !lesson) return;
  function update() {
    var again = resubmit && resubmit.value;
    lesson.style.display = !again && kind.value === 'LESSON_PLAN' ? '' : 'none';
    kind.disabled = !!again;
  }
  kind.onchange = update;
  if (resubmit) resubmit.onchange = update;
  update();
})();
