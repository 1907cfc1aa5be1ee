import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";

// Django serves the build: assets live under STATIC_URL and django-vite reads the manifest.
export default defineConfig({
  plugins: [preact()],
  base: "/static/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    rollupOptions: { input: "src/main.tsx" },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
