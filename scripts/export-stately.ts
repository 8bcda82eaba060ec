/** `npm run export:stately`: writes docs/callCard.stately.ts, the machine as code for Stately Studio's "Import from code". */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callCardMachine } from '../machines/callCard.machine';
import { toStatelyCode } from './statechart/stately';

const file = join(__dirname, '..', 'docs', 'callCard.stately.ts');
mkdirSync(join(file, '..'), { recursive: true });
writeFileSync(file, toStatelyCode(callCardMachine));
console.log(`wrote ${file}`);
