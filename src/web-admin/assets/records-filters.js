// Records filters: choosing a school (or a group) reloads the list at once, so the next
// select offers that school's groups (or that group's sub-groups). Without script, "Lọc" does it.
for (const select of document.querySelectorAll('form.records-filters select[data-resets]')) {
  select.addEventListener('change', () => {
    for (const name of select.dataset.resets.split(' ')) {
      const dependent = select.form.elements.namedItem(name);
      if (dependent) dependent.value = '';
    }
    select.form.submit();
  });
}
