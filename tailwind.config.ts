import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        prod: { DEFAULT: "#b91c1c", soft: "#fee2e2" },
      },
    },
  },
  plugins: [],
} satisfies Config;
