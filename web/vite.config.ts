import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is built into dist/web, which the service serves at / (same origin as /v1).
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  // web/size.mjs holds the budget that matters (the first load); ECharts is a lazy chunk of ~560 kB.
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
