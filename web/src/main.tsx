import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

if ('serviceWorker' in navigator) {
  // The offline shell: a board opened once reloads without a network.
  void navigator.serviceWorker.register('/sw.js').catch(() => {});
}

// StrictMode runs every effect twice (each page's requests went out twice) in a development build
// of React, which is what a build under NODE_ENV=test (the browser tests) bundles. It is kept where
// it helps, the dev server (the only place `import.meta.hot` exists), and does nothing in production.
createRoot(document.getElementById('root')!).render(
  import.meta.hot ? (
    <StrictMode>
      <App />
    </StrictMode>
  ) : (
    <App />
  ),
);
