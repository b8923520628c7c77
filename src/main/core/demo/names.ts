export const FIRST_NAMES = [
  'Ava', 'Liam', 'Mia', 'Noah', 'Emma', 'Elijah', 'Sofia', 'Mateo', 'Isabella', 'Lucas', 'Amara', 'Kai', 'Zoe',
  'Ethan', 'Layla', 'Levi', 'Nora', 'Ezra', 'Aaliyah', 'Jayden', 'Maya', 'Leo', 'Chloe', 'Gabriel', 'Priya',
  'Diego', 'Hana', 'Omar', 'Grace', 'Malik', 'Elena', 'Yusuf', 'Camila', 'Theo', 'Lucia', 'Isaiah', 'Aria',
  'Santiago', 'Naomi', 'Xavier',
];
export const LAST_NAMES = [
  'Garcia', 'Nguyen', 'Smith', 'Johnson', 'Williams', 'Brown', 'Martinez', 'Lee', 'Patel', 'Kim', 'Lopez',
  'Davis', 'Rodriguez', 'Wilson', 'Anderson', 'Thomas', 'Hernandez', 'Moore', 'Jackson', 'Walker', 'Young',
  'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Rivera',
  'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Okafor', 'Haddad', 'Novak',
];
export const CENTER_WORDS = [
  'Sunshine', 'Little Acorns', 'Bright Horizons', 'Rainbow', 'Tiny Steps', 'Maple Leaf', 'Busy Bees',
  'Kinder Garden', 'Blue Sky', 'Happy Hearts', 'Wonder Years', 'Starlight', 'Meadowbrook', 'Cedar Grove',
  'Hilltop', 'Riverside', 'Lighthouse', 'First Steps', 'Growing Tree', 'Ladybug',
];
export const CITIES: Array<[string, string]> = [
  ['Springfield', '62701'], ['Riverton', '62702'], ['Lakeside', '62703'], ['Fairview', '62704'], ['Greenville', '62705'],
  ['Oak Park', '62706'], ['Madison', '62707'], ['Franklin', '62708'], ['Clinton', '62709'], ['Georgetown', '62710'],
];
export const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Park Rd', 'Elm St', 'Cedar Ln', 'Pine St', 'Lake Rd', 'Hill St', 'Church St'];
