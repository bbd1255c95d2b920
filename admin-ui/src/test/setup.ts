// Component tests: DOM matchers, and a clean DOM and session between tests.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetSession } from '../api/session';

afterEach(() => {
  cleanup();
  resetSession();
  sessionStorage.clear();
});
