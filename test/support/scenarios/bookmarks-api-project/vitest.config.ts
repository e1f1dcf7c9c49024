import { defineConfig } from 'vitest/config';

// The project's own settings, so vitest never takes a config from a folder above it.
export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'],
  },
});
