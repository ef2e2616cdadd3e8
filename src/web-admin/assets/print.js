// Link-code sheets, the dashboard: a button that opens the browser's print dialog (inline script is not allowed).
(function () {
  var buttons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', function () {
      window.print();
    });
  }
})();
