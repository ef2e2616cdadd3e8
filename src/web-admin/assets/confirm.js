// Asks before buttons marked data-confirm (deactivations); without script the form simply posts.
(function () {
  document.addEventListener('submit', function (event) {
    var button = event.submitter || event.target.querySelector('[data-confirm]');
    var text = button && button.getAttribute && button.getAttribute('data-confirm');
    if (text && !window.confirm(text)) event.preventDefault();
  });
})();
