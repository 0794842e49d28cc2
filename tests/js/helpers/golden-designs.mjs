// SPDX-License-Identifier: MIT
// The representative designs of the golden files (render-golden.test.mjs), also rendered by
// raster-reference.test.mjs against the frozen renders of the previous raster path.
// A 12x12 PNG (red disc with a white bar), inlined so the golden does not depend on an encoder.
export const logo = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAwAAAAMCAYAAABWdVznAAAAUklEQVR4AZXBwQnAIBBFwfcXOwlo/+UISS0bwYMaArozunPmw1mJSWJw/jmdaIzO2XMaI8gA55ynq1YijKD0lEKEAeKcjCCjE3uiSQyic1Zi8gIrTwxIm4qiBAAAAABJRU5ErkJggg==';

export const goldenDesigns = {
  plain: {},
  'rounded-radial': { shapes: { body: 'rounded', eye_frame: 'rounded', eye_ball: 'circle' },
    gradient: { start: '#1d4ed8', end: '#312e81', type: 'radial' } },
  'dots-eye-colors': { shapes: { body: 'dots', eye_frame: 'circle', eye_ball: 'circle' },
    eye_colors: { frame: '#b91c1c', ball: '#0f766e' }, colors: { background: '#fffbeb' } },
  'classy-leaf-star-transparent': { shapes: { body: 'classy-rounded', eye_frame: 'leaf', eye_ball: 'star' },
    transparent_background: true, colors: { foreground: '#14532d' } },
  'bars-diamond-linear': { shapes: { body: 'vertical-bars', eye_frame: 'extra-rounded', eye_ball: 'diamond' },
    gradient: { start: '#000000', end: '#7c2d12', type: 'linear-left-to-right' } },
  'logo-cleared': { shapes: { body: 'extra-rounded' }, logo: { url: logo, size: 0.25, clear_background: true } },
};
