// A model's page (#/models/{name}?version=N): training with live loss curves, its jobs, its versions with
// promotion, and what the chosen version learned.

import * as api from './api.js';
import { LossChart } from './charts.js';
import { h, number, problem, refresh, when, width } from './dom.js';
import { versionViews } from './version.js';

/** The page; onLeave(stop) registers what to stop when the user leaves it. */
export async function modelPage(name, chosenVersion, onLeave) {
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
  onLeave(() => stopFollowing());

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
          refresh();
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
          refresh();
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
