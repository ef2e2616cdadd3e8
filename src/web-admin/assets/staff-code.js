// The new-person form: choosing a school fills in its next staff code, unless one was typed.
// Without script the page still works: the code is typed by hand.
const place = document.querySelector('select[data-suggest-code]');
const code = document.getElementById('code');
if (place && code) {
  let suggested = code.value;
  place.addEventListener('change', async () => {
    if (code.value.trim() !== '' && code.value !== suggested) return;
    const res = await fetch(`${place.dataset.suggestCode}?place=${encodeURIComponent(place.value)}`, { credentials: 'same-origin' });
    if (!res.ok) return;
    const { code: next } = await res.json();
    if (code.value.trim() !== '' && code.value !== suggested) return;
    suggested = next ?? '';
    code.value = suggested;
  });
}
