// Validates exports with their ecosystems' own libraries, for tests/test_export.py:
//   node export_validators.mjs NODE_MODULES FILE...
// asyncapi/*.yaml with @asyncapi/parser; catalog-info.yaml with @backstage/catalog-model's
// entity policies and kind validators, read by `yaml` as Backstage reads it, each API's
// `$text` definition read in as Backstage's placeholder processor does. Prints
// {file: [{severity, code, message, path}]} as JSON; severity 0 is an error.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(process.argv[2] + '/');
const { Parser } = require('@asyncapi/parser');
const model = require('@backstage/catalog-model');
const yaml = require('yaml');
const out = {};
const parser = new Parser();
for (const file of process.argv.slice(3)) {
  const text = readFileSync(file, 'utf8');
  if (file.includes('/asyncapi/')) {
    const diagnostics = await parser.validate(text, { source: file });
    out[file] = diagnostics.map(d => ({ severity: d.severity, code: d.code, message: d.message, path: d.path.join('.') }));
  } else {
    const problems = [];
    const policy = model.EntityPolicies.allOf([new model.DefaultNamespaceEntityPolicy(), new model.FieldFormatEntityPolicy(), new model.NoForeignRootFieldsEntityPolicy(), new model.SchemaValidEntityPolicy()]);
    const validators = { System: model.systemEntityV1alpha1Validator, Component: model.componentEntityV1alpha1Validator, API: model.apiEntityV1alpha1Validator, Resource: model.resourceEntityV1alpha1Validator };
    for (const doc of yaml.parseAllDocuments(text)) {
      const entity = doc.toJS();
      try {
        const def = entity?.spec?.definition;
        if (def && typeof def === 'object' && def.$text) {
          entity.spec.definition = readFileSync(resolve(dirname(file), def.$text), 'utf8');
        }
        await policy.enforce(entity);
        const v = validators[entity.kind];
        if (!v) throw new Error(`no validator for kind ${entity.kind}`);
        if (!(await v.check(entity))) throw new Error(`${entity.kind} not recognised by its validator`);
      } catch (e) { problems.push({ severity: 0, message: `${entity?.kind} ${entity?.metadata?.name}: ${e.message}` }); }
    }
    out[file] = problems;
  }
}
console.log(JSON.stringify(out, null, 1));
