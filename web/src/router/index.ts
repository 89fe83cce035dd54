import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

// Every page is its own chunk: the home page loads only what it shows.
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/index/' },
  { path: '/index/', name: 'home', component: () => import('@/views/HomeView.vue') },
  { path: '/login/', name: 'login', component: () => import('@/views/LoginView.vue') },
  { path: '/register/', name: 'register', component: () => import('@/views/RegisterView.vue') },
  { path: '/search/', name: 'search', component: () => import('@/views/SearchView.vue') },
  { path: '/task-market/', name: 'tasks', component: () => import('@/views/TaskMarketView.vue') },
  { path: '/task-market/:id', name: 'task', component: () => import('@/views/TaskDetailView.vue'), props: true },
  { path: '/game-community/', name: 'communities', component: () => import('@/views/CommunitiesView.vue') },
  { path: '/game-community/:id', name: 'community', component: () => import('@/views/CommunityDetailView.vue'), props: true },
  { path: '/post/:id', name: 'post', component: () => import('@/views/PostView.vue'), props: true },
  { path: '/point-mall/', name: 'mall', component: () => import('@/views/PointMallView.vue') },
  { path: '/product-page/', name: 'product', component: () => import('@/views/ProductView.vue') },
  { path: '/shopping-cart/', name: 'cart', component: () => import('@/views/CartView.vue') },
  { path: '/user-info/', name: 'user-info', component: () => import('@/views/UserInfoView.vue') },
  { path: '/my-orders/', name: 'orders', component: () => import('@/views/MyOrdersView.vue') },
  { path: '/order/:id', name: 'order', component: () => import('@/views/OrderView.vue'), props: true },
  { path: '/settings/', name: 'settings', component: () => import('@/views/SettingsView.vue') },
  { path: '/me/', name: 'me', component: () => import('@/views/MeView.vue') },
  { path: '/notifications/', name: 'notifications', component: () => import('@/views/NotificationsView.vue') },
  { path: '/points-trading/', name: 'trading', component: () => import('@/views/PointsTradingView.vue') },
  { path: '/admin/', name: 'admin', component: () => import('@/views/AdminView.vue') },
  // Links in the API's mail.
  { path: '/reset-password/', redirect: (to) => ({ path: '/login/', query: { resetToken: to.query.token } }) },
  { path: '/verify-email/', name: 'verify-email', component: () => import('@/views/VerifyEmailView.vue') },
  { path: '/page/:name/', name: 'page', component: () => import('@/views/InfoPageView.vue'), props: true },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue') },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})
