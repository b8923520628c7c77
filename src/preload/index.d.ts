import type { PayDeskWindowApi } from '../shared/api/window-api';

declare global {
  interface Window {
    api: PayDeskWindowApi;
  }
}
export {};
