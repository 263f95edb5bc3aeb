// Preloaded into the dashboard's Next server (next-server.ts): it exits when the hub that
// started it is gone, however the hub ended (SIGKILL included), because the hub holds this
// process's stdin open and the pipe closes only when the hub dies.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
