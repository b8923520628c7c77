// The layers of DESIGN.md section 8, as VS Code keeps its own: the folder says where code runs,
// and an import that runs the wrong way is a lint error, not a code-review remark.
//   src/shared     imports nothing from the other folders (pure TypeScript)
//   src/main/core  never imports electron, the renderer, the preload or the Electron glue
//   src/renderer   imports only src/shared (and its own files); talks to the core via window.api
//   src/preload    imports only src/shared
import path from 'node:path';

const LAYERS = [
  { name: 'shared', dir: 'src/shared', allow: ['src/shared'], packages: 'pure' },
  { name: 'core', dir: 'src/main/core', allow: ['src/shared', 'src/main/core'], packages: 'no-electron' },
  { name: 'renderer', dir: 'src/renderer', allow: ['src/shared', 'src/renderer'], packages: 'no-node' },
  { name: 'preload', dir: 'src/preload', allow: ['src/shared', 'src/preload'], packages: 'preload' },
];

const NODE_BUILTINS = /^(node:|fs$|path$|os$|crypto$|child_process$|worker_threads$|stream$|util$|url$|http$|net$)/;
const PURE_PACKAGES = new Set(['zod']);

function layerOf(file) {
  const rel = file.split(path.sep).join('/');
  return LAYERS.find((l) => rel.includes(`/${l.dir}/`) || rel.startsWith(`${l.dir}/`));
}

function check(context, node, source) {
  const layer = layerOf(context.filename);
  if (!layer || typeof source !== 'string') return;
  if (source.startsWith('.')) {
    const target = path.resolve(path.dirname(context.filename), source).split(path.sep).join('/');
    const ok = layer.allow.some((dir) => target.includes(`/${dir}/`) || target.endsWith(`/${dir}`));
    if (!ok) {
      context.report({ node, message: `${layer.dir} may not import ${source}: it may import only ${layer.allow.join(', ')}.` });
    }
    return;
  }
  const pkg = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
  if (pkg === 'electron' && layer.packages !== 'preload') {
    context.report({ node, message: `${layer.dir} may not import electron: only the glue in src/main and src/preload may.` });
  } else if (layer.packages === 'pure' && !PURE_PACKAGES.has(pkg)) {
    context.report({ node, message: `src/shared is pure TypeScript: it may not import "${source}".` });
  } else if (layer.packages === 'no-node' && NODE_BUILTINS.test(source)) {
    context.report({ node, message: `src/renderer runs in the browser: it may not import "${source}".` });
  } else if (layer.packages === 'preload' && pkg !== 'electron') {
    context.report({ node, message: `src/preload exposes window.api only: it may not import "${source}".` });
  }
}

export const layersRule = {
  meta: { type: 'problem', schema: [], docs: { description: 'imports must follow the layers of DESIGN.md section 8' } },
  create(context) {
    return {
      ImportDeclaration(node) {
        check(context, node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(context, node, node.source.value);
      },
      ExportAllDeclaration(node) {
        check(context, node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(context, node, node.source.value);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(context, node, node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { layers: layersRule } };
