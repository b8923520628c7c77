import { createTheme } from '@mui/material/styles';

// The theme follows the OS: light or dark by prefers-color-scheme (MUI colorSchemes with CSS
// variables, selected by the media query, so no script decides it and a change of the OS setting
// applies at once). Sizes are in rem (MUI's typography converts its px settings with pxToRem), so
// the OS / Chromium zoom and a larger default font scale the whole app. The colours keep text at
// WCAG AA contrast (4.5:1) on their backgrounds in both schemes: the axe check in the e2e suite
// (test/e2e/a11y.spec.ts) verifies it on every screen.
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'media' },
  colorSchemes: {
    light: {
      palette: {
        primary: { main: '#1f5f8b' },
        secondary: { main: '#6a4c93' },
        info: { main: '#0b5e8e' },
        success: { main: '#2e6b31' },
        warning: { main: '#8a4a00' },
        error: { main: '#b3261e' },
        background: { default: '#f5f6f8' },
      },
    },
    dark: {
      palette: {
        primary: { main: '#8cc4ee' },
        secondary: { main: '#c9b1ea' },
        info: { main: '#7fcbf5' },
        success: { main: '#8fd394' },
        warning: { main: '#ffb74d' },
        error: { main: '#ff8a80' },
        background: { default: '#121417', paper: '#1b1e22' },
      },
    },
  },
  shape: { borderRadius: 6 },
  typography: { fontFamily: '"Segoe UI", "Helvetica Neue", Arial, sans-serif', fontSize: 13 },
  components: {
    // Buttons read as written ("Save changes"), not in capitals.
    MuiButton: { defaultProps: { disableElevation: true }, styleOverrides: { root: { textTransform: 'none' } } },
    MuiTab: { styleOverrides: { root: { textTransform: 'none' } } },
    MuiTextField: { defaultProps: { size: 'small' } },
  },
});

/** n CSS pixels at the default font size, as rem (so zoom and the OS font size scale it). */
export const rem = (px: number): string => `${px / 16}rem`;
