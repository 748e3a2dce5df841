// Charts of the dashboard: loss curves and score histograms with uPlot (served from its WebJar), the latent map,
// images and feature errors on plain canvases.

/* global uPlot */

export const CLASS_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1',
  '#ff9da7', '#9c755f', '#bab0ac'];
const TERM_COLOURS = ['#4e79a7', '#e15759', '#59a14f', '#b07aa1', '#f28e2b', '#76b7b2'];

function width(element) {
  return Math.max(280, Math.floor(element.clientWidth || element.parentElement.clientWidth || 600));
}

/** Training and validation loss per term, epoch by epoch; add() appends an epoch as it arrives. */
export class LossChart {
  constructor(element) {
    this.element = element;
    this.records = [];
    this.plot = null;
    this.keys = '';
  }

  set(history) {
    this.records = [...history];
    this.draw();
  }

  add(record) {
    if (!this.records.some(r => r.epoch === record.epoch)) {
      this.records.push(record);
      this.records.sort((a, b) => a.epoch - b.epoch);
      this.draw();
    }
  }

  series() {
    const all = [{ label: 'train loss', get: r => r.trainLoss }];
    if (this.records.some(r => r.validationLoss != null)) {
      all.push({ label: 'validation loss', get: r => r.validationLoss, dash: [6, 4] });
    }
    const terms = new Set();
    this.records.forEach(r => Object.keys(r.terms || {}).forEach(t => terms.add(t)));
    if (terms.size > 1) {
      [...terms].sort().forEach(term => {
        all.push({ label: term + ' (train)', get: r => (r.terms || {})[term] ?? null, term });
        if (this.records.some(r => r.validationTerms && r.validationTerms[term] != null)) {
          all.push({ label: term + ' (validation)', get: r => (r.validationTerms || {})[term] ?? null, term,
            dash: [6, 4] });
        }
      });
    }
    return all;
  }

  draw() {
    const series = this.series();
    const data = [this.records.map(r => r.epoch), ...series.map(s => this.records.map(s.get))];
    this.element.dataset.points = String(this.records.length);
    const keys = series.map(s => s.label).join('|');
    if (this.plot && keys === this.keys) {
      this.plot.setData(data);
      return;
    }
    this.keys = keys;
    if (this.plot) {
      this.plot.destroy();
    }
    const terms = [...new Set(series.filter(s => s.term).map(s => s.term))];
    this.plot = new uPlot({
      width: width(this.element), height: 260,
      scales: { x: { time: false } },
      legend: { live: false },
      axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, { label: 'loss', size: 70 }],
      series: [{ label: 'epoch' }, ...series.map(s => ({
        label: s.label, width: s.term ? 1.5 : 2.5, dash: s.dash, points: { show: this.records.length < 30 },
        stroke: s.term ? TERM_COLOURS[(terms.indexOf(s.term) + 2) % TERM_COLOURS.length]
          : (s.dash ? '#e15759' : '#4e79a7'),
      }))],
    }, data, this.element);
  }
}

/** Training rows' and dataset rows' score distributions (as shares of their rows), with the threshold line. */
export function histogram(element, histogram, datasetLabel) {
  const share = counts => {
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    const values = counts.map(c => c / total);
    return [...values, values[values.length - 1]];
  };
  const threshold = histogram.threshold.score;
  const data = [histogram.edges, share(histogram.training), share(histogram.dataset)];
  const steps = uPlot.paths.stepped({ align: 1 });
  return new uPlot({
    width: width(element), height: 200,
    title: histogram.score + ' — threshold ' + histogram.threshold.rule + ' ' + histogram.threshold.value
      + ' = ' + threshold.toPrecision(4) + ', ' + histogram.flagged + ' flagged',
    scales: { x: { time: false } },
    legend: { live: false },
    axes: [{ label: 'score' }, { label: 'share of rows', size: 60 }],
    series: [{ label: 'score' },
      { label: 'training rows', stroke: '#4e79a7', fill: 'rgba(78,121,167,0.25)', paths: steps, points: { show: false } },
      { label: datasetLabel, stroke: '#f28e2b', fill: 'rgba(242,142,43,0.25)', paths: steps, points: { show: false } }],
    hooks: {
      draw: [u => {
        const x = u.valToPos(threshold, 'x', true);
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = '#d62728';
        ctx.lineWidth = 2 * devicePixelRatio;
        ctx.setLineDash([8 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.restore();
      }],
    },
  }, data, element);
}

/**
 * The latent map: one dot per row, coloured by label. Hovering a dot calls onHover(point, x, y), leaving the map
 * calls onHover(null).
 */
export function latentMap(canvas, map, onHover) {
  const size = Math.min(560, width(canvas.parentElement));
  const ratio = devicePixelRatio || 1;
  canvas.width = size * ratio;
  canvas.height = size * ratio;
  canvas.style.width = size + 'px';
  canvas.style.height = size + 'px';
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  const xs = map.points.map(p => p.x);
  const ys = map.points.map(p => p.y);
  const pad = 16;
  const scale = (values) => {
    const low = Math.min(...values);
    const high = Math.max(...values);
    const span = high > low ? high - low : 1;
    return v => pad + (v - low) / span * (size - 2 * pad);
  };
  const sx = scale(xs);
  const sy = scale(ys);
  const placed = map.points.map(p => ({ point: p, x: sx(p.x), y: size - sy(p.y) }));
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = '#ddd';
  ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
  for (const p of placed) {
    ctx.fillStyle = p.point.label != null ? CLASS_COLOURS[p.point.label % CLASS_COLOURS.length] : '#4e79a7';
    ctx.globalAlpha = 0.8;
    ctx.beginPath();
    ctx.arc(p.x, p.y, 3.2, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  canvas.dataset.points = String(placed.length);
  canvas.onmousemove = event => {
    const box = canvas.getBoundingClientRect();
    const mx = event.clientX - box.left;
    const my = event.clientY - box.top;
    let best = null;
    let distance = 64;
    for (const p of placed) {
      const d = (p.x - mx) ** 2 + (p.y - my) ** 2;
      if (d < distance) {
        distance = d;
        best = p;
      }
    }
    onHover(best ? best.point : null, event.clientX, event.clientY);
  };
  canvas.onmouseleave = () => onHover(null);
}

/** Rows of images drawn side by side, each scaled by its own range; shape is [channels, height, width]. */
export function drawImages(canvas, rows, shape, scale = 3) {
  const [channels, height, imageWidth] = shape;
  const gap = 2;
  canvas.width = rows.length * (imageWidth * scale + gap) + gap;
  canvas.height = height * scale + 2 * gap;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const plane = height * imageWidth;
  rows.forEach((row, index) => {
    const low = Math.min(...row);
    const high = Math.max(...row);
    const span = high > low ? high - low : 1;
    const level = v => Math.round(255 * Math.min(1, Math.max(0, (v - low) / span)));
    const pixels = ctx.createImageData(imageWidth * scale, height * scale);
    for (let y = 0; y < height * scale; y++) {
      for (let x = 0; x < imageWidth * scale; x++) {
        const at = Math.floor(y / scale) * imageWidth + Math.floor(x / scale);
        const r = level(row[at]);
        const g = channels === 3 ? level(row[plane + at]) : r;
        const b = channels === 3 ? level(row[2 * plane + at]) : r;
        const i = 4 * (y * imageWidth * scale + x);
        pixels.data.set([r, g, b, 255], i);
      }
    }
    ctx.putImageData(pixels, gap + index * (imageWidth * scale + gap), gap);
  });
}

/** One row's error per feature as bars, the largest ones named. */
export function featureBars(canvas, errors) {
  const barWidth = Math.max(2, Math.min(24, Math.floor(560 / errors.length)));
  const height = 90;
  canvas.width = errors.length * barWidth + 40;
  canvas.height = height + 18;
  const ctx = canvas.getContext('2d');
  const max = Math.max(...errors.map(Math.abs)) || 1;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const top = [...errors.keys()].sort((a, b) => Math.abs(errors[b]) - Math.abs(errors[a])).slice(0, 3);
  errors.forEach((error, feature) => {
    const h = Math.abs(error) / max * height;
    ctx.fillStyle = top.includes(feature) ? '#e15759' : '#4e79a7';
    ctx.fillRect(20 + feature * barWidth, height - h, barWidth - 1, h);
  });
  ctx.fillStyle = '#333';
  ctx.font = '10px sans-serif';
  top.forEach(feature => ctx.fillText('f' + feature, 20 + feature * barWidth, height + 12));
}
