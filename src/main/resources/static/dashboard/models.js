// The models page (#/): models with their served version and last training, creating a model from a recommended
// spec, and the datasets with an upload form.

import * as api from './api.js';
import { h, problem, refresh } from './dom.js';

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

export async function modelsPage() {
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
      refresh();
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
