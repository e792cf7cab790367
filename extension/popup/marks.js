// The popup's list of marked sentences: the whole analysis readable without seeing the
// page. Each entry names its label and reads its sentence; activating it scrolls the page
// to that sentence and opens its card with focus inside. Also paints the popup's swatches
// with the same palette logic as the marks (palette.js), for the popup's own background.
(function (root) {
  'use strict';
  const { labels, palette } = root.SourceMark;

  // `marks`: [{id, label, text, confidence}] in reading order; onPick(mark) when chosen.
  function render(doc, section, marks, onPick) {
    const list = section.querySelector('ol');
    const heading = section.querySelector('h2');
    list.replaceChildren();
    section.hidden = !marks.length;
    heading.textContent = `Marked sentences (${marks.length})`;
    for (const mark of marks) {
      const item = doc.createElement('li');
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'mark';
      button.dataset.id = String(mark.id);
      button.dataset.label = mark.label;
      const swatch = doc.createElement('span');
      swatch.className = `swatch ${mark.label}`;
      swatch.setAttribute('aria-hidden', 'true');
      const name = doc.createElement('strong');
      name.textContent = `${labels.info(mark.label).name}:`;
      button.append(swatch, ' ', name, ` ${mark.text}`);
      button.addEventListener('click', () => onPick(mark, button));
      item.appendChild(button);
      list.appendChild(item);
    }
  }

  // Swatch inks and fills chosen for the popup's background, as the page's are for its own.
  function paintSwatches(doc) {
    const bg = palette.backgroundOf(doc.body);
    const vars = palette.swatchVars(palette.paletteFor(bg));
    for (const [name, value] of Object.entries(vars)) doc.documentElement.style.setProperty(name, value);
  }

  root.SourceMark.popupMarks = { render, paintSwatches };
})(globalThis);
