// electron-builder reads this file (see scripts/builder-config.cjs for what is in it and which
// environment variables sign and notarize the installer).
'use strict';
module.exports = require('./scripts/builder-config.cjs').builderConfig(process.env);
