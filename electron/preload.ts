import { contextBridge, ipcRenderer } from 'electron';

// The renderer gets one function, send(name, input), and nothing else of Electron or Node.
contextBridge.exposeInMainWorld('omu', {
  send: (name: string, input: unknown) => ipcRenderer.invoke('omu:api', name, input),
});
