export { stateRoute as GET } from '@/server/participation/routes';
