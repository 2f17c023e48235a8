// Preloaded into a measured process: reports its peak resident set size on stderr when it exits.
process.on('exit', () => {
  process.stderr.write(`\nPEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
