// React 18's web-streams renderer, imported by its own entry point (docs/decisions/016):
// @types/react-dom 18 types it only under 'react-dom/server'.
declare module 'react-dom/server.browser' {
  export { renderToReadableStream, renderToString } from 'react-dom/server';
}
