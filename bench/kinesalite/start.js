// Starts kinesalite for bench/kinesis.sh on 127.0.0.1 only:
//   node start.js PORT [LEVELDB_DIR]
// Without LEVELDB_DIR kinesalite keeps everything in memory. Stream state
// changes take effect at once, as in sluice.
const kinesalite = require('kinesalite')

const [port, path] = process.argv.slice(2)
const options = { createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 }
if (path) options.path = path
kinesalite(options).listen(Number(port), '127.0.0.1', (err) => {
  if (err) throw err
})
