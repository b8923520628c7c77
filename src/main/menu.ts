import type { Menu as MenuType, MenuItemConstructorOptions } from 'electron';

// The application menu. A packaged build has no developer tools and no reload (a reload would drop
// the page's state and a user's unsaved form); a development build keeps both.

export interface MenuOptions {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** File > Open…: a local database file or a PayDesk server (the window shows its Open dialog). */
  onOpen?: () => void;
}

export function applicationMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    ...(options.isPackaged ? [] : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(mac
      ? ([{ label: 'PayDesk', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] }] as MenuItemConstructorOptions[])
      : []),
    {
      label: 'File',
      submenu: [
        ...(options.onOpen ? ([{ label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => options.onOpen?.() }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: 'View', submenu: view },
    { label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
  ];
}

export function installApplicationMenu(Menu: Pick<typeof MenuType, 'buildFromTemplate' | 'setApplicationMenu'>, options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(options)));
}
