// Tailwind v4 through its PostCSS plugin (the way Next.js loads it).
export default { plugins: { '@tailwindcss/postcss': {} } };
