// The sync convergence simulation, part 2 of 2 (tests/server/convergence.ts): the two parts run in the two workers.
import { convergence } from './convergence';

convergence(2, 2);
