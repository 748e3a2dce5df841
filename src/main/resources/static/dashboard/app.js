// The dashboard: the models list (#/) and a model's page (#/models/{name}?version=N), using only the public API
// and the read-only views. This module asks for the API key and routes.

import * as api from './api.js';
import { fill, refresh } from './dom.js';
import { modelPage } from './model.js';
import { modelsPage } from './models.js';

const view = document.getElementById('view');
let leave = () => {};

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
  refresh();
};

async function route() {
  leave();
  leave = () => {};
  document.getElementById('tooltip').hidden = true;
  const hash = location.hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart] = hash.split('?');
  const params = new URLSearchParams(queryPart || '');
  const model = pathPart.match(/^\/models\/([^/]+)$/);
  document.body.dataset.page = model ? 'model' : 'models';
  await fill(view, () => model
    ? modelPage(decodeURIComponent(model[1]), params.has('version') ? Number(params.get('version')) : null,
      stop => {
        leave = stop;
      })
    : modelsPage());
  view.dataset.ready = 'true';
}

window.addEventListener('hashchange', route);
route();
