// esbuild's `text` loader (playground/serve.mjs): an .html file imported as its text.
declare module '*.html' {
  const text: string;
  export default text;
}
