// Entry point: mounts the app. Loaded as an external module script (the CSP forbids inline scripts).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startSession } from './api/session';
import './styles.css';

// A new tab or a reload picks up the browser's session (its cookie) before the first page asks.
void startSession();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
