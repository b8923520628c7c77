import { createTheme } from '@mui/material/styles';

export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#1f5f8b' },
    secondary: { main: '#6a4c93' },
    background: { default: '#f5f6f8' },
  },
  shape: { borderRadius: 6 },
  typography: { fontFamily: '"Segoe UI", "Helvetica Neue", Arial, sans-serif', fontSize: 13 },
  components: {
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiTextField: { defaultProps: { size: 'small' } },
  },
});
