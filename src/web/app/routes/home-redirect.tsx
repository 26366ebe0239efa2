import { Navigate } from 'react-router';
import { useMe } from '../../lib/session.tsx';
import { homeOf } from './home.ts';

export function HomeRedirect() {
  return <Navigate to={homeOf(useMe())} replace />;
}
