// The actor is pure data, so it lives in the domain where app/lib can reach it too.
export { type Actor, actorOf } from '~/domain/actor';
