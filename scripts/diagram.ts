/** `npm run diagram`: writes docs/statechart-diagram.md and the README's diagram, both from the machine's own config. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callCardMachine } from '../machines/callCard.machine';
import { statechartMarkdown } from './statechart/mermaid';
import { withReadmeDiagram } from './statechart/readme';

const file = join(__dirname, '..', 'docs', 'statechart-diagram.md');
mkdirSync(join(file, '..'), { recursive: true });
writeFileSync(file, statechartMarkdown(callCardMachine));
console.log(`wrote ${file}`);

const readme = join(__dirname, '..', 'README.md');
writeFileSync(readme, withReadmeDiagram(readFileSync(readme, 'utf8'), callCardMachine));
console.log(`refreshed the diagram in ${readme}`);
