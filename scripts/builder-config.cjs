// electron-builder's configuration (electron-builder.cjs at the root uses it with process.env):
// what goes into the installer, the Electron fuses, the icons made by scripts/make-icons.cjs, and
// signing and notarization, whose keys come only from the environment (nothing secret is in the
// repository; without the keys the installer is built unsigned):
//   macOS signing:  CSC_LINK (a .p12 file or base64) and CSC_KEY_PASSWORD, or CSC_NAME (a keychain identity)
//   macOS notarization: APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID,
//                   or APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER, or APPLE_KEYCHAIN_PROFILE
//   Windows signing: WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD (or CSC_LINK and CSC_KEY_PASSWORD)
//   PAYDESK_REQUIRE_SIGNING=1: fail the build instead of producing an unsigned installer
'use strict';

/** The fuses (DESIGN.md section 9): the packaged app runs only its own, checked code. */
const FUSES = {
  runAsNode: false, // ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node
  enableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS cannot inject code
  enableNodeCliInspectArguments: false, // --inspect cannot attach a debugger
  enableEmbeddedAsarIntegrityValidation: true, // app.asar is checked against the hash signed into the app
  onlyLoadAppFromAsar: true, // ... and only app.asar is loaded, never a loose folder beside it
  enableCookieEncryption: true,
};

function builderConfig(env) {
  const macIdentity = Boolean(env.CSC_LINK || env.CSC_NAME);
  const notarize = Boolean(
    (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) ||
      (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) ||
      env.APPLE_KEYCHAIN_PROFILE,
  );
  return {
    appId: 'org.paydesk.app',
    productName: 'PayDesk',
    directories: { output: 'dist', buildResources: 'resources' },
    // The command line's bundles (out/cli/) run under Node from the project, not in the app.
    files: ['out/**', '!out/cli/**', 'package.json'],
    asar: true,
    asarUnpack: ['node_modules/better-sqlite3/**'],
    electronFuses: FUSES,
    forceCodeSigning: env.PAYDESK_REQUIRE_SIGNING === '1',
    win: {
      target: ['nsis'],
      icon: 'resources/icon.ico',
      // Signed when WIN_CSC_LINK / CSC_LINK is set (electron-builder reads them), SHA-256 and time-stamped.
      signtoolOptions: { signingHashAlgorithms: ['sha256'], rfc3161TimeStampServer: env.WIN_TIMESTAMP_SERVER || 'http://timestamp.digicert.com' },
    },
    nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
    mac: {
      target: ['dmg'],
      category: 'public.app-category.finance',
      icon: 'resources/icon.icns',
      hardenedRuntime: true,
      // Without a certificate in the environment: no signing at all (null), not a search of the keychain.
      identity: macIdentity ? undefined : null,
      notarize: macIdentity && notarize,
    },
    dmg: { title: 'PayDesk' },
    linux: { target: ['AppImage'], icon: 'resources/icons', category: 'Office' },
  };
}

module.exports = { builderConfig, FUSES };
