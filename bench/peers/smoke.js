const dim = 384;
const v = () => { const a = new Float32Array(dim); for (let i=0;i<dim;i++) a[i]=Math.random()-0.5; return a; };
(async () => {
  const { HierarchicalNSW } = require('hnswlib-node');
  const h = new HierarchicalNSW('cosine', dim); h.initIndex(100); for (let i=0;i<100;i++) h.addPoint(Array.from(v()), i);
  console.log('hnswlib-node', h.searchKnn(Array.from(v()), 3, (l)=>l%2===0));
  const usearch = require('usearch');
  const u = new usearch.Index({dimensions: dim, metric: 'cos', connectivity: 16, expansion_add: 200, expansion_search: 64});
  const keys = new BigUint64Array(100).map((_, i) => BigInt(i)); const m = new Float32Array(100*dim); for (let i=0;i<100;i++) m.set(v(), i*dim);
  u.add(keys, m, 1); const r = u.search(v(), 3, 1); console.log('usearch', r.keys, r.distances);
  const Database = require('better-sqlite3'); const sv = require('sqlite-vec');
  const db = new Database(':memory:'); sv.load(db);
  console.log('sqlite-vec', db.prepare('select vec_version() v').get(), db.prepare('select sqlite_version() v').get());
  const lancedb = require('@lancedb/lancedb');
  const conn = await lancedb.connect('/tmp/lance-smoke'); 
  const tbl = await conn.createTable('t', Array.from({length: 100}, (_, i) => ({id: i, eco: i%21, vector: Array.from(v())})), {mode: 'overwrite'});
  console.log('lancedb', (await tbl.search(Array.from(v())).distanceType('cosine').where('eco <> 3').limit(3).toArray()).map(r=>[r.id, r._distance]));
})();
