// Preloaded into a CLI child process by test/attacks.test.ts: reports the process's peak memory
// and CPU time on exit, so that every attack can be held to a memory and time limit.
const fs = require('node:fs');
process.on('exit', () => {
  const usage = process.resourceUsage();
  fs.writeSync(2, `\n@@measure ${JSON.stringify({ maxRssMb: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 })}\n`);
});
