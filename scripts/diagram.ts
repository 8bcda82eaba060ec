/** `npm run diagram`: writes docs/statechart.md, the Mermaid diagram of the call card statechart. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callCardMachine } from '../machines/callCard.machine';
import { statechartMarkdown } from './statechart/mermaid';

const file = join(__dirname, '..', 'docs', 'statechart.md');
mkdirSync(join(file, '..'), { recursive: true });
writeFileSync(file, statechartMarkdown(callCardMachine));
console.log(`wrote ${file}`);
