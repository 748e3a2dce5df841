// What every page of the dashboard shares: building elements, showing results and problems, formatting.

import { ApiError } from './api.js';

export function h(tag, attributes = {}, ...children) {
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

export function problem(error) {
  return h('p', { class: 'error' }, error instanceof ApiError ? error.message : String(error));
}

/** Shows what a promise gives in a container, or the problem it failed with. */
export async function fill(container, work) {
  container.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    const content = await work();
    container.replaceChildren(...[content].flat().filter(Boolean));
  } catch (error) {
    container.replaceChildren(problem(error));
  }
}

export function number(value, digits = 4) {
  return typeof value === 'number' ? Number(value.toPrecision(digits)).toString() : '–';
}

export function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '–';
}

export function width(shape) {
  return shape.reduce((a, b) => a * b, 1);
}


/** Draws the current page again, with fresh data. */
export function refresh() {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
