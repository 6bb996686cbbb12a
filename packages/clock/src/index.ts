export { realClock, type Clock, type TimerHandle } from './clock';
