// The dashboard: the models list (#/) and a model's page (#/models/{name}?version=N), using only the public API
// and the read-only views.

import * as api from './api.js';
import { CLASS_COLOURS, LossChart, drawImages, featureBars, histogram, latentMap } from './charts.js';

const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker',
  'Bag', 'Ankle boot'];

/** The recommended specs (as in the API documentation's examples), and a small one that trains in seconds. */
const PRESETS = {
  'Small dense image model (trains in seconds)': { variant: 'dense', inputShape: [784], hiddenLayers: [128],
    latentDim: 16, normalization: 'none', outputActivation: 'sigmoid' },
  'Image anomaly detector (convolutional)': { variant: 'convolutional', inputShape: [1, 28, 28],
    hiddenLayers: [32, 64], latentDim: 64, normalization: 'none', outputActivation: 'sigmoid' },
  'Image denoiser': { variant: 'denoising', architecture: 'convolutional', inputShape: [1, 28, 28],
    hiddenLayers: [32, 32], latentDim: 128, normalization: 'none', outputActivation: 'sigmoid', loss: 'mse',
    noise: { type: 'gaussian', level: 0.5 } },
  'Variational image model': { variant: 'variational', inputShape: [784], hiddenLayers: [256], latentDim: 8,
    normalization: 'none', outputActivation: 'sigmoid' },
  'Tabular anomaly detector': { variant: 'dense', inputShape: [32], hiddenLayers: [16, 8], latentDim: 6,
    normalization: 'standard', outputActivation: 'linear' },
};

const view = document.getElementById('view');
const tooltip = document.getElementById('tooltip');
let leave = () => {};

// --- small DOM helpers -------------------------------------------------------------------------------------------

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value != null) {
      element.setAttribute(name, value);
    }
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

function problem(error) {
  return h('p', { class: 'error' }, error instanceof api.ApiError ? error.message : String(error));
}

/** Shows what a promise gives in a container, or the problem it failed with. */
async function fill(container, work) {
  container.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    const content = await work();
    container.replaceChildren(...[content].flat().filter(Boolean));
  } catch (error) {
    container.replaceChildren(problem(error));
  }
}

function number(value, digits = 4) {
  return typeof value === 'number' ? Number(value.toPrecision(digits)).toString() : '–';
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '–';
}

function width(shape) {
  return shape.reduce((a, b) => a * b, 1);
}

function isImage(shape) {
  return shape.length === 3 || Math.sqrt(width(shape)) % 1 === 0 && width(shape) >= 64;
}

function imageShape(shape) {
  return shape.length === 3 ? shape : [1, Math.sqrt(width(shape)), Math.sqrt(width(shape))];
}

function className(dataset, label) {
  return dataset === 'fashion-mnist' && FASHION_CLASSES[label] ? FASHION_CLASSES[label] : 'class ' + label;
}

// --- API key prompt ----------------------------------------------------------------------------------------------

const keyDialog = document.getElementById('key-dialog');
const forgetKey = document.getElementById('forget-key');
api.onKeyNeeded(reason => new Promise(resolve => {
  document.getElementById('key-reason').textContent = (reason ? reason + ' ' : '')
    + 'This service needs an API key. It is kept for this browser tab only.';
  const input = document.getElementById('key-input');
  input.value = '';
  keyDialog.onclose = () => {
    const key = keyDialog.returnValue === 'ok' ? input.value.trim() : '';
    forgetKey.hidden = !key && !api.hasKey();
    resolve(key || null);
  };
  keyDialog.showModal();
}));
forgetKey.hidden = !api.hasKey();
forgetKey.onclick = () => {
  api.forgetKey();
  forgetKey.hidden = true;
  route();
};

// --- the models list ---------------------------------------------------------------------------------------------

async function modelsPage() {
  const [models, jobs, datasets] = await Promise.all([api.get('/api/v1/models'), api.get('/api/v1/jobs'),
    api.get('/api/v1/datasets')]);
  const lastJob = {};
  for (const job of jobs) {
    if (!lastJob[job.model] || job.createdAt > lastJob[job.model].createdAt) {
      lastJob[job.model] = job;
    }
  }
  const rows = models.map(model => {
    const job = lastJob[model.name];
    return h('tr', { 'data-model': model.name },
      h('td', {}, h('a', { href: '#/models/' + encodeURIComponent(model.name) }, model.name)),
      h('td', {}, h('span', { class: 'chip' }, model.spec.variant), model.spec.architecture === 'convolutional'
        && model.spec.variant !== 'convolutional' ? h('span', { class: 'chip' }, 'convolutional') : null),
      h('td', {}, model.servingVersion != null ? 'v' + model.servingVersion : h('span', { class: 'muted' }, 'none')),
      h('td', {}, job ? h('span', { class: 'state-' + job.state }, job.state + (job.state === 'running'
        ? ' ' + job.epoch + '/' + job.epochs : '')) : h('span', { class: 'muted' }, 'never trained')),
      h('td', {}, Object.entries(model.tags || {}).map(([k, v]) => h('span', { class: 'chip' }, k + '=' + v))),
      h('td', { class: 'muted' }, model.description || ''));
  });
  return [
    h('h1', {}, 'Models'),
    h('section', { class: 'panel' }, models.length
      ? h('table', { id: 'models' }, h('tr', {}, ['Name', 'Variant', 'Served', 'Last training', 'Tags',
        'Description'].map(t => h('th', {}, t))), rows)
      : h('p', { class: 'muted', id: 'models' }, 'No models yet: create one below.')),
    h('div', { class: 'grid' }, createModelForm(), datasetsPanel(datasets)),
  ];
}

function createModelForm() {
  const preset = h('select', { name: 'preset' }, Object.keys(PRESETS).map(name => h('option', {}, name)));
  const spec = h('textarea', { name: 'spec', rows: 9 });
  const showPreset = () => {
    spec.value = JSON.stringify(PRESETS[preset.value], null, 2);
  };
  preset.onchange = showPreset;
  showPreset();
  const result = h('div');
  const form = h('form', { id: 'create-model' },
    h('div', { class: 'inline' },
      h('label', {}, 'Name', h('input', { name: 'name', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]*',
        placeholder: 'fmnist-dense' })),
      h('label', {}, 'Recommended spec', preset)),
    h('label', {}, 'Spec (JSON, edit freely)', spec),
    h('label', {}, 'Description', h('input', { name: 'description' })),
    h('p', {}, h('button', { class: 'primary', type: 'submit' }, 'Create model')), result);
  form.onsubmit = async event => {
    event.preventDefault();
    try {
      const body = { name: form.name.value.trim(), description: form.description.value || undefined,
        spec: JSON.parse(spec.value) };
      await api.post('/api/v1/models', body);
      location.hash = '#/models/' + encodeURIComponent(body.name);
    } catch (error) {
      result.replaceChildren(problem(error));
    }
  };
  return h('section', { class: 'panel' }, h('h2', {}, 'Create a model'), form);
}

function datasetsPanel(datasets) {
  const result = h('div');
  const form = h('form', { class: 'inline', id: 'upload-dataset' },
    h('label', {}, 'File (CSV, JSON rows, IDX)', h('input', { type: 'file', name: 'file', required: true })),
    h('label', {}, 'Labels (optional)', h('input', { type: 'file', name: 'labels' })),
    h('label', {}, 'Name', h('input', { name: 'name' })),
    h('button', { type: 'submit' }, 'Upload'));
  form.onsubmit = async event => {
    event.preventDefault();
    const data = new FormData();
    data.append('file', form.file.files[0]);
    if (form.labels.files[0]) {
      data.append('labels', form.labels.files[0]);
    }
    if (form.name.value) {
      data.append('name', form.name.value);
    }
    try {
      await api.upload('/api/v1/datasets', data);
      route();
    } catch (error) {
      result.replaceChildren(problem(error));
    }
  };
  return h('section', { class: 'panel' }, h('h2', {}, 'Datasets'),
    h('table', { id: 'datasets' }, h('tr', {}, ['Id', 'Name', 'Rows', 'Row shape', 'Labels'].map(t => h('th', {}, t))),
      datasets.map(d => h('tr', {}, h('td', {}, d.id), h('td', {}, d.name),
        h('td', {}, d.splits ? Object.entries(d.splits).map(([s, n]) => s + ' ' + n).join(', ') : d.rows),
        h('td', {}, JSON.stringify(d.shape)), h('td', {}, d.hasLabels ? 'yes' : 'no')))),
    h('h3', {}, 'Upload a dataset'), form, result);
}

// --- a model's page ----------------------------------------------------------------------------------------------

async function modelPage(name, chosenVersion) {
  const path = '/api/v1/models/' + encodeURIComponent(name);
  const [model, jobs, datasets] = await Promise.all([api.get(path), api.get('/api/v1/jobs'),
    api.get('/api/v1/datasets')]);
  const fitting = datasets.filter(d => width(d.shape) === width(model.spec.inputShape));
  const version = chosenVersion ?? model.servingVersion ?? (model.versions.length
    ? model.versions[model.versions.length - 1].version : null);
  const chart = new LossChart(h('div', { id: 'loss-chart' }));
  const chartTitle = h('h2', {}, 'Loss curves');
  const jobsPanel = h('div', { id: 'jobs' });
  const ownJobs = jobs.filter(job => job.model === name);
  let stopFollowing = () => {};
  leave = () => stopFollowing();

  const follow = job => {
    stopFollowing();
    chartTitle.textContent = 'Loss curves — job ' + job.id + ' (live)';
    chart.set(job.history || []);
    stopFollowing = api.follow(job.id, (event, data) => {
      if (data.epochRecord) {
        chart.add(data.epochRecord);
      }
      updateJob(jobsPanel, data);
      if (event === 'done') {
        stopFollowing();
        chartTitle.textContent = 'Loss curves — job ' + data.id + ' (' + data.state + ')';
        if (data.state === 'succeeded') {
          route();
        }
      }
    });
  };

  jobsPanel.replaceChildren(jobsTable(ownJobs));
  const live = ownJobs.find(job => job.state === 'running' || job.state === 'queued');
  if (live) {
    api.get('/api/v1/jobs/' + live.id).then(follow, error => chart.element.replaceChildren(problem(error)));
  } else if (version != null) {
    api.get(path + '/versions/' + version).then(details => {
      chartTitle.textContent = 'Loss curves — version ' + version;
      chart.set(details.history || []);
    }, error => chart.element.replaceChildren(problem(error)));
  }

  const spec = model.spec;
  return [
    h('h1', {}, model.name, ' ', h('span', { class: 'chip' }, spec.variant)),
    h('p', { class: 'muted' }, model.description || '', ' ',
      Object.entries(model.tags || {}).map(([k, v]) => h('span', { class: 'chip' }, k + '=' + v))),
    h('p', { class: 'muted' }, 'input ' + JSON.stringify(spec.inputShape) + ' · hidden '
      + JSON.stringify(spec.hiddenLayers) + ' · code ' + (spec.latentDim ?? 'bottleneck') + ' · loss ' + spec.loss
      + ' · normalisation ' + spec.normalization),
    h('div', { class: 'grid' },
      h('section', { class: 'panel' }, h('h2', {}, 'Train'), trainForm(model, fitting, follow, jobsPanel)),
      h('section', { class: 'panel' }, h('h2', {}, 'Jobs'), jobsPanel)),
    h('section', { class: 'panel' }, chartTitle, chart.element),
    h('section', { class: 'panel' }, h('h2', {}, 'Versions'), versionsTable(model, version)),
    version != null ? versionViews(model, version, fitting) : null,
  ];
}

function trainForm(model, datasets, follow, jobsPanel) {
  const dataset = h('select', { name: 'dataset' }, datasets.map(d => h('option', { value: d.id }, d.name)));
  const split = h('select', { name: 'split' }, h('option', {}, 'train'), h('option', {}, 'test'));
  const result = h('div');
  const field = (label, name, value, step) => h('label', {}, label,
    h('input', { type: 'number', name, value, step: step || 'any', min: 0 }));
  const form = h('form', { id: 'train', class: 'inline' },
    h('label', {}, 'Dataset', dataset), h('label', {}, 'Split', split),
    h('label', {}, 'Classes (e.g. 0,7)', h('input', { name: 'classes', size: 8 })),
    field('Epochs', 'epochs', 5, 1), field('Batch size', 'batchSize', 128, 1),
    field('Learning rate', 'learningRate', 0.001), field('Validation split', 'validationSplit', 0.1),
    field('Patience', 'patience', '', 1),
    h('button', { class: 'primary', type: 'submit' }, 'Start training'));
  const syncSplit = () => {
    split.disabled = !datasets.find(d => d.id === dataset.value)?.builtIn;
  };
  dataset.onchange = syncSplit;
  syncSplit();
  form.onsubmit = async event => {
    event.preventDefault();
    const classes = form.classes.value.split(/[ ,]+/).filter(Boolean).map(Number);
    const body = {
      dataset: dataset.value, split: split.disabled ? undefined : split.value,
      classes: classes.length ? classes : undefined, epochs: Number(form.epochs.value),
      batchSize: Number(form.batchSize.value), learningRate: Number(form.learningRate.value),
      validationSplit: Number(form.validationSplit.value),
      earlyStopping: form.patience.value ? { patience: Number(form.patience.value) } : undefined,
    };
    try {
      const job = await api.post('/api/v1/models/' + encodeURIComponent(model.name) + '/train', body);
      result.replaceChildren();
      const table = jobsPanel.querySelector('table');
      if (table) {
        table.querySelector('tr').after(jobRow(job));
      } else {
        jobsPanel.replaceChildren(jobsTable([job]));
      }
      follow(job);
    } catch (error) {
      result.replaceChildren(problem(error));
    }
  };
  return [datasets.length ? form : h('p', { class: 'muted' }, 'No dataset fits this model\'s input size: upload'
    + ' one on the models page.'), result];
}

function jobsTable(jobs) {
  if (!jobs.length) {
    return h('p', { class: 'muted' }, 'No jobs yet.');
  }
  return h('table', {}, h('tr', {}, ['Job', 'State', 'Progress', 'Samples/s', 'Version', ''].map(t => h('th', {}, t))),
    jobs.slice(0, 8).map(jobRow));
}

function jobRow(job) {
  const active = job.state === 'running' || job.state === 'queued';
  const cancel = h('button', { class: 'danger', 'data-cancel': job.id }, 'Cancel');
  cancel.onclick = async () => {
    cancel.disabled = true;
    try {
      updateJob(document.getElementById('jobs'), await api.post('/api/v1/jobs/' + job.id + '/cancel'));
    } catch (error) {
      cancel.replaceWith(problem(error));
    }
  };
  return h('tr', { 'data-job': job.id },
    h('td', { title: when(job.createdAt) }, job.id),
    h('td', {}, h('span', { class: 'state-' + job.state, 'data-state': job.state }, job.state),
      job.error ? h('div', { class: 'error' }, job.error) : null),
    h('td', {}, h('progress', { max: job.epochs, value: job.epoch }), ' ' + job.epoch + '/' + job.epochs,
      job.state === 'running' && job.etaSeconds != null ? h('span', { class: 'muted' }, ' ~' + Math.round(job.etaSeconds)
        + ' s left') : null),
    h('td', {}, number(job.samplesPerSecond, 3)),
    h('td', {}, job.version != null ? 'v' + job.version : ''),
    h('td', {}, active ? cancel : null));
}

function updateJob(panel, job) {
  const row = panel.querySelector('tr[data-job="' + job.id + '"]');
  if (row) {
    row.replaceWith(jobRow(job));
  }
}

function versionsTable(model, chosen) {
  if (!model.versions.length) {
    return h('p', { class: 'muted' }, 'No versions yet: train the model.');
  }
  const path = '/api/v1/models/' + encodeURIComponent(model.name);
  return h('table', { id: 'versions' },
    h('tr', {}, ['Version', 'Created', 'Train loss', 'Validation loss', 'Epochs', 'Rows', 'Served', ''].map(t =>
      h('th', {}, t))),
    [...model.versions].reverse().map(v => {
      const promote = h('button', { 'data-promote': v.version }, 'Promote');
      promote.onclick = async () => {
        if (!confirm('Serve version ' + v.version + ' of ' + model.name + ' from now on?')) {
          return;
        }
        try {
          await api.post(path + '/versions/' + v.version + '/promote');
          route();
        } catch (error) {
          promote.replaceWith(problem(error));
        }
      };
      const m = v.metrics || {};
      return h('tr', { 'data-version': v.version, class: v.version === chosen ? 'chosen' : null },
        h('td', {}, h('a', { href: '#/models/' + encodeURIComponent(model.name) + '?version=' + v.version },
          'v' + v.version)),
        h('td', {}, when(v.createdAt)),
        h('td', {}, number(m.trainLoss)), h('td', {}, number(m.validationLoss)),
        h('td', {}, m.epochsRun ?? '–'), h('td', {}, m.trainingRows ?? '–'),
        h('td', {}, v.serving ? h('span', { class: 'serving' }, 'served') : ''),
        h('td', {}, v.serving ? null : promote));
    }));
}

// --- what a version learned ----------------------------------------------------------------------------------------

function versionViews(model, version, datasets) {
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

// --- routing -----------------------------------------------------------------------------------------------------

async function route() {
  leave();
  leave = () => {};
  tooltip.hidden = true;
  const hash = location.hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart] = hash.split('?');
  const params = new URLSearchParams(queryPart || '');
  const model = pathPart.match(/^\/models\/([^/]+)$/);
  document.body.dataset.page = model ? 'model' : 'models';
  await fill(view, () => model
    ? modelPage(decodeURIComponent(model[1]), params.has('version') ? Number(params.get('version')) : null)
    : modelsPage());
  view.dataset.ready = 'true';
}

window.addEventListener('hashchange', route);
route();
