// Preloaded (node --require) into a real `omu` process by a test: on exit, writes the names of the Node built-in
// modules the process loaded, one a line, to the file named by OMU_TEST_BUILTINS_FILE.
process.on('exit', () => {
  const builtins = process.moduleLoadList
    .filter((m) => m.startsWith('NativeModule '))
    .map((m) => m.slice('NativeModule '.length));
  require('node:fs').writeFileSync(process.env.OMU_TEST_BUILTINS_FILE, builtins.join('\n'));
});
