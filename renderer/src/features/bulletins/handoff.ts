/**
 * Opening one screen of the 排名通报 group on a given record from another (月度排名 → its bulletin, 通报 → the run
 * it prints): hash routes carry no parameters (the navigation matches whole paths), so the id waits here until
 * the target screen takes it on mount.
 */
import { navigate } from '../../app/router';

let pendingBulletin: number | null = null;
let pendingRun: number | null = null;

export function openBulletin(id: number): void {
  pendingBulletin = id;
  navigate('/bulletins');
}

export function takeBulletin(): number | null {
  const id = pendingBulletin;
  pendingBulletin = null;
  return id;
}

export function openRun(id: number): void {
  pendingRun = id;
  navigate('/ranking');
}

export function takeRun(): number | null {
  const id = pendingRun;
  pendingRun = null;
  return id;
}
