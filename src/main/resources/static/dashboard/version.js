// What a version learned, on rows of a dataset: reconstructions (or the worst rows), samples from the prior, the
// latent map, score histograms, and scoring pasted or dropped rows.

import * as api from './api.js';
import { CLASS_COLOURS, drawImages, featureBars, histogram, latentMap } from './charts.js';
import { fill, h, number, problem, width } from './dom.js';

const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker',
  'Bag', 'Ankle boot'];

/** The recommended specs (as in the API documentation's examples), and a small one that trains in seconds. */

const tooltip = document.getElementById('tooltip');

function isImage(shape) {
  return shape.length === 3 || Math.sqrt(width(shape)) % 1 === 0 && width(shape) >= 64;
}

function imageShape(shape) {
  return shape.length === 3 ? shape : [1, Math.sqrt(width(shape)), Math.sqrt(width(shape))];
}

function className(dataset, label) {
  return dataset === 'fashion-mnist' && FASHION_CLASSES[label] ? FASHION_CLASSES[label] : 'class ' + label;
}

export function versionViews(model, version, datasets) {
  const details = model.versions.find(v => v.version === version) || {};
  const trained = (details.dataset || {}).dataset;
  const choices = [];
  for (const d of datasets) {
    for (const split of d.builtIn ? Object.keys(d.splits || { train: 0 }) : ['train']) {
      choices.push({ id: d.id, split, label: d.name + (d.builtIn ? ' (' + split + ')' : ''), labels: d.hasLabels });
    }
  }
  const preferred = choices.find(c => c.id === trained && c.split === 'test')
    || choices.find(c => c.id === trained) || choices[0];
  const select = h('select', { id: 'view-dataset' }, choices.map((c, i) =>
    h('option', { value: i, selected: c === preferred }, c.label)));
  const panels = h('div');
  const show = () => showViews(panels, model, version, choices[select.value]);
  select.onchange = show;
  if (choices.length) {
    show();
  }
  return h('section', {}, h('div', { class: 'panel' }, h('h2', {}, 'Version ' + version),
    choices.length ? h('label', {}, 'Rows from', select)
      : h('p', { class: 'muted' }, 'Upload a dataset of this model\'s rows to see what it learned.')),
  panels, scorePanel(model, version));
}

function showViews(panels, model, version, choice) {
  const base = '/api/v1/models/' + encodeURIComponent(model.name) + '/versions/' + version + '/views/';
  const query = 'dataset=' + encodeURIComponent(choice.id) + '&split=' + choice.split;
  const spec = model.spec;
  const image = isImage(spec.inputShape);
  const reconstructions = h('div', { class: 'figure', id: 'reconstructions' });
  const latent = h('div', { id: 'latent' });
  const scores = h('div', { id: 'scores' });
  const samples = h('div', { class: 'figure', id: 'samples' });
  panels.replaceChildren(
    h('div', { id: 'learned' },
      h('section', { class: 'panel' }, h('h2', {}, image
        ? (spec.noise ? 'Noisy rows, denoised, and clean' : 'Reconstructions')
        : 'Worst reconstructed rows'), reconstructions),
      spec.variant === 'variational'
        ? h('section', { class: 'panel' }, h('h2', {}, 'Samples from the prior'), samples) : null),
    h('div', { class: 'grid', id: 'maps' },
      h('section', { class: 'panel' }, h('h2', {}, 'Latent map'), latent),
      h('section', { class: 'panel' }, h('h2', {}, 'Anomaly scores'), scores)));

  fill(reconstructions, async () => {
    if (image) {
      const url = await api.image(base + 'reconstructions.png?' + query + '&rows=10&scale=3');
      const img = h('img', { src: url, alt: 'originals, reconstructions and error maps', id: 'grid' });
      const labels = spec.noise ? ['noisy', 'denoised', 'clean', 'difference'] : ['original', 'reconstruction', 'error'];
      await img.decode();
      return h('div', { class: 'strip-labels' }, h('ol', {}, labels.map(l => h('li', {}, l))), img);
    }
    const worst = await api.get(base + 'worst-rows?' + query + '&rows=1000&count=5');
    return worst.worst.map(row => {
      const canvas = h('canvas', { class: 'bars' });
      featureBars(canvas, row.featureErrors);
      return h('div', { class: 'bar-row' }, h('h3', {}, 'row ' + row.row + (row.label != null ? ' · label ' + row.label : '')
        + ' · error ' + number(row.error)), canvas);
    });
  });
  if (spec.variant === 'variational') {
    fill(samples, async () => {
      const generated = await api.post('/api/v1/models/' + encodeURIComponent(model.name) + '/generate?version='
        + version, { count: 10, seed: 1 });
      const canvas = h('canvas', { id: 'samples-canvas' });
      drawImages(canvas, generated.outputs, imageShape(spec.inputShape));
      return canvas;
    });
  }
  fill(latent, async () => {
    const map = await api.get(base + 'latent-map?' + query + '&rows=600');
    const canvas = h('canvas', { id: 'latent-map' });
    const labels = [...new Set(map.points.map(p => p.label).filter(l => l != null))].sort((a, b) => a - b);
    const wrapper = h('div', {}, canvas,
      h('p', { class: 'muted' }, map.points.length + ' rows, codes of ' + map.codeSize + ' values, PCA explains '
        + map.explained.map(e => Math.round(e * 100) + '%').join(' + ') + ' of their variance'),
      h('div', { class: 'legend' }, labels.map(l => h('span', {}, h('i', {
        style: 'background:' + CLASS_COLOURS[l % CLASS_COLOURS.length] }), className(choice.id, l)))));
    latent.replaceChildren(wrapper);
    latentMap(canvas, map, (point, x, y) => hover(point, x, y, image ? base + 'reconstructions.png?' + query
      + '&rows=1&scale=2&from=' : null, choice.id));
    return wrapper;
  });
  fill(scores, async () => {
    const result = await api.get(base + 'score-histogram?' + query + '&rows=1000&bins=40');
    const charts = result.scores.map(() => h('div', { class: 'histogram' }));
    scores.replaceChildren(...charts);
    result.scores.forEach((s, i) => histogram(charts[i], s, choice.label + ' (' + result.rows + ' rows)'));
    const kinds = document.getElementById('score-kind');
    if (kinds) {
      kinds.replaceChildren(...result.scores.map(s => h('option', {}, s.score)));
    }
    return charts;
  });
}

const thumbnails = new Map();
let hovered = null;

async function hover(point, x, y, thumbnailPath, dataset) {
  hovered = point ? point.row : null;
  if (!point) {
    tooltip.hidden = true;
    return;
  }
  tooltip.hidden = false;
  tooltip.style.left = (x + 14) + 'px';
  tooltip.style.top = (y + 14) + 'px';
  tooltip.replaceChildren('row ' + point.row + (point.label != null ? ' · ' + className(dataset, point.label) : ''));
  if (thumbnailPath) {
    const key = thumbnailPath + point.row;
    if (!thumbnails.has(key)) {
      thumbnails.set(key, api.image(key));
    }
    const url = await thumbnails.get(key).catch(() => null);
    if (url && hovered === point.row && !tooltip.querySelector('img')) {
      tooltip.append(h('img', { src: url, alt: 'the row and its reconstruction' }));
    }
  }
}

/** Pasted or dropped rows (JSON, CSV, or a PNG image) scored by the version. */
function scorePanel(model, version) {
  const path = '/api/v1/models/' + encodeURIComponent(model.name) + '/anomaly-score?version=' + version;
  const text = h('textarea', { id: 'score-input', rows: 4, placeholder: 'Paste rows: a JSON array ([0.1, ...] or '
    + '[[...], [...]]) or CSV lines of ' + width(model.spec.inputShape) + ' numbers; or drop a CSV, JSON or PNG file here' });
  // the version's own scores replace this list once the histograms have loaded
  const score = h('select', { id: 'score-kind' }, h('option', {}, 'reconstruction'));
  const result = h('div', { id: 'score-result' });
  const show = answer => {
    result.replaceChildren(h('table', {}, h('tr', {}, ['Row', 'Score', 'Percentile', 'Flag'].map(t => h('th', {}, t))),
      answer.scores.map((s, i) => h('tr', {}, h('td', {}, i), h('td', {}, number(s)),
        h('td', {}, number(answer.percentiles[i], 3)),
        h('td', {}, answer.anomalies[i] ? h('span', { class: 'anomaly' }, 'anomaly') : 'normal')))),
    h('p', { class: 'muted' }, 'threshold: ' + answer.threshold.rule + ' ' + answer.threshold.value + ' = '
      + number(answer.threshold.score)));
  };
  const scoreText = async () => {
    try {
      show(await api.post(path, { inputs: parseRows(text.value), score: score.value,
        threshold: { rule: 'percentile', value: 99 } }));
    } catch (error) {
      result.replaceChildren(problem(error));
    }
  };
  const drop = h('div', { class: 'drop', id: 'score-drop' }, text);
  drop.ondragover = event => {
    event.preventDefault();
    drop.classList.add('over');
  };
  drop.ondragleave = () => drop.classList.remove('over');
  drop.ondrop = async event => {
    event.preventDefault();
    drop.classList.remove('over');
    const file = event.dataTransfer.files[0];
    if (!file) {
      return;
    }
    if (file.type === 'image/png' || file.name.toLowerCase().endsWith('.png')) {
      try {
        show(await api.postRaw(path + '&score=' + score.value + '&rule=percentile&value=99', 'image/png',
          await file.arrayBuffer()));
      } catch (error) {
        result.replaceChildren(problem(error));
      }
    } else {
      text.value = await file.text();
      scoreText();
    }
  };
  return h('section', { class: 'panel', id: 'score-panel' }, h('h2', {}, 'Score rows'), drop,
    h('p', { class: 'inline' }, h('label', {}, 'Score', score), ' ',
      h('button', { class: 'primary', id: 'score-button', onclick: scoreText }, 'Score')), result);
}

function parseRows(value) {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed);
    return Array.isArray(parsed[0]) ? parsed : [parsed];
  }
  return trimmed.split(/\r?\n/).filter(line => line.trim() && !/[a-df-z]/i.test(line))
    .map(line => line.split(/[,;\s]+/).filter(Boolean).map(Number));
}
